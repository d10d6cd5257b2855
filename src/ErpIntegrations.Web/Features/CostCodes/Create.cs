using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.CostCodes;

/// <summary>Adds a standard cost code to the company's list.</summary>
internal static class Create
{
    internal sealed record Command(string? Code, string? Description);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, TimeProvider time)
    {
        public async Task<Guid> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await CostCodeAdmin.RequireAsync(currentUser, cancellationToken);
            var (code, description) = await CostCodeAdmin.ValidateAsync(db, null, command.Code, command.Description, cancellationToken);
            var costCode = new CostCode(Guid.CreateVersion7(time.GetUtcNow()), actor.CompanyId, code, description);
            db.CostCodes.Add(costCode);
            await db.SaveChangesAsync(cancellationToken);
            return costCode.Id;
        }
    }
}
