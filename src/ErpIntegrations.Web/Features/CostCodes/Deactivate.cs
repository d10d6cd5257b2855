using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.CostCodes;

// Stops offering a cost code for new choices; the sub jobs that use it keep it.
internal static class Deactivate
{
    internal sealed record Command(Guid CostCodeId);

    internal sealed class Handler(AppDbContext db)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var costCode = await CostCodeAdmin.CostCodeAsync(db, command.CostCodeId, cancellationToken);
            costCode.Deactivate();
            await db.SaveChangesAsync(cancellationToken);
            return costCode.Code;
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/cost-codes/{costCodeId:guid}/deactivate", async (Guid costCodeId, Handler deactivate, List.Handler list, CancellationToken cancellationToken) =>
            {
                await deactivate.HandleAsync(new Command(costCodeId), cancellationToken);
                return await List.OneAsync(list, costCodeId, cancellationToken);
            })
            .WithName("DeactivateCostCode")
            .RequireAuthorization(Permissions.ManageCostCodes)
            .WithTags("Cost codes")
            .WithSummary("Stop offering a cost code for new choices; the sub jobs that use it keep it. Needs an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
