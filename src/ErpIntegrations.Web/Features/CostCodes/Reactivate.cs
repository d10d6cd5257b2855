using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.CostCodes;

/// <summary>Offers a deactivated cost code for new choices again.</summary>
internal static class Reactivate
{
    internal sealed record Command(Guid CostCodeId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            await CostCodeAdmin.RequireAsync(currentUser, cancellationToken);
            var costCode = await CostCodeAdmin.CostCodeAsync(db, command.CostCodeId, cancellationToken);
            costCode.Reactivate();
            await db.SaveChangesAsync(cancellationToken);
            return costCode.Code;
        }
    }
}
