using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.CostCodes;

internal static class CostCodeAdmin
{
    // A cost code of the signed-in person's company; another company's is not found (the query filter hides it).
    public static async Task<CostCode> CostCodeAsync(AppDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.CostCodes.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("The cost code");

    // existing: the cost code being edited, whose code, kept as it is, is not judged again (it may predate the rule).
    public static async Task<(string Code, string Description)> ValidateAsync(AppDbContext db, CostCode? existing, string? code, string? description, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var id = existing?.Id;
        var trimmedCode = existing is not null && code?.Trim() == existing.Code
            ? existing.Code
            : errors.Code("Code", code, "the cost code", CostCode.MaxCodeLength, ErpCodes.CostCodeSeparators);
        var trimmedDescription = errors.Text("Description", description, "a description", CostCode.MaxDescriptionLength);
        if (trimmedCode.Length > 0 && await db.CostCodes.AnyAsync(c => c.Code == trimmedCode && c.Id != id, cancellationToken))
        {
            errors.Add("Code", $"The company already has cost code {trimmedCode} (active or deactivated).");
        }

        errors.ThrowIfAny();
        return (trimmedCode, trimmedDescription);
    }
}
