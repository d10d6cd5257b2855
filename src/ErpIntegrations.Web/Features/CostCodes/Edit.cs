using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.CostCodes;

/// <summary>Changes a cost code's code or description; sub jobs that chose it keep the code and description they chose.</summary>
internal static class Edit
{
    internal sealed record Command(Guid CostCodeId, string? Code, string? Description);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            await CostCodeAdmin.RequireAsync(currentUser, cancellationToken);
            var costCode = await CostCodeAdmin.CostCodeAsync(db, command.CostCodeId, cancellationToken);
            var (code, description) = await CostCodeAdmin.ValidateAsync(db, costCode.Id, command.Code, command.Description, cancellationToken);
            costCode.Edit(code, description);
            await db.SaveChangesAsync(cancellationToken);
            return code;
        }
    }
}
