using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.CostCodes;

internal static class Reactivate
{
    internal sealed record Command(Guid CostCodeId);

    internal sealed class Handler(AppDbContext db)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var costCode = await CostCodeAdmin.CostCodeAsync(db, command.CostCodeId, cancellationToken);
            costCode.Reactivate();
            await db.SaveChangesAsync(cancellationToken);
            return costCode.Code;
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/cost-codes/{costCodeId:guid}/reactivate", async (Guid costCodeId, Handler reactivate, List.Handler list, CancellationToken cancellationToken) =>
            {
                await reactivate.HandleAsync(new Command(costCodeId), cancellationToken);
                return await List.OneAsync(list, costCodeId, cancellationToken);
            })
            .WithName("ReactivateCostCode")
            .RequireAuthorization(Permissions.ManageCostCodes)
            .WithTags("Cost codes")
            .WithSummary("Offer a deactivated cost code for new choices again. Needs an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
