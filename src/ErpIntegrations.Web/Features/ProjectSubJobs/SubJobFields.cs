using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

// The input rules shared by Create and Edit; field keys are the form's field names.
internal static class SubJobFields
{
    public const string Code = "Code";
    public const string Description = "Description";
    public const string CostCodes = "CostCodes";

    // Checks the fields and loads the chosen cost codes, or throws one InputException with every problem.
    public static async Task<(string Code, string Description, List<CostCode> CostCodes)> ValidateAsync(
        AppDbContext db,
        ErpCapabilities erp,
        Guid projectId,
        SubJob? existing,
        string? code,
        string? description,
        IReadOnlyCollection<Guid>? costCodeIds,
        CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var trimmedCode = code?.Trim() ?? "";
        var trimmedDescription = description?.Trim() ?? "";
        var alreadyChosen = existing?.CostCodes.Select(c => c.CostCodeId).ToList() ?? [];

        // A code the sub job already has is not judged again by the rules for typing a new one: an imported
        // sub job's code is the ERP's id, which may hold hyphens, and editing its cost codes must still work.
        if ((existing is null || trimmedCode != existing.Code)
            && await CodeErrorAsync(db, erp, projectId, existing?.Id, trimmedCode, cancellationToken) is { } codeError)
        {
            errors.Add(Code, codeError);
        }

        if (trimmedDescription.Length == 0)
        {
            errors.Add(Description, "Enter a description.");
        }
        else if (trimmedDescription.Length > erp.MaxDescriptionLength)
        {
            errors.Add(Description, $"The description can be at most {erp.MaxDescriptionLength} characters for {erp.DisplayName}.");
        }
        else
        {
            errors.Plain(Description, trimmedDescription, "the description");
        }

        var ids = (costCodeIds ?? []).Distinct().ToList();
        var costCodes = await db.CostCodes
            .Where(c => ids.Contains(c.Id) && (c.IsActive || alreadyChosen.Contains(c.Id)))
            .OrderBy(c => c.Code)
            .ToListAsync(cancellationToken);
        if (costCodes.Count != ids.Count)
        {
            errors.Add(CostCodes, "Choose cost codes from the company's active standard list.");
        }

        errors.ThrowIfAny();

        return (trimmedCode, trimmedDescription, costCodes);
    }

    private static async Task<string?> CodeErrorAsync(AppDbContext db, ErpCapabilities erp, Guid projectId, Guid? subJobId, string code, CancellationToken cancellationToken)
    {
        if (code.Length == 0)
        {
            return "Enter a code.";
        }

        if (InputErrors.CodeError(code, "the code", ErpCodes.SubJobCodeSeparators) is { } invalid)
        {
            return invalid;
        }

        if (code.Length > erp.MaxCodeLength)
        {
            return $"The code can be at most {erp.MaxCodeLength} characters for {erp.DisplayName}.";
        }

        return await CodeTakenAsync(db, projectId, subJobId, code, cancellationToken)
            ? $"This project already has a sub job with the code {code}."
            : null;
    }

    public static Task<bool> CodeTakenAsync(AppDbContext db, Guid projectId, Guid? exceptSubJobId, string code, CancellationToken cancellationToken)
    {
        var upper = code.ToUpperInvariant();
        return db.SubJobs.AnyAsync(s => s.ProjectId == projectId && s.Id != exceptSubJobId && s.Code.ToUpper() == upper, cancellationToken);
    }

    public static InputException DuplicateCode(string code) =>
        new(Code, $"This project already has a sub job with the code {code}.");
}
