using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.CostCodes;

// Changes a cost code's description, or the code of one no sub job uses; sub jobs keep the description they chose.
internal static class Edit
{
    internal sealed record Command(Guid CostCodeId, string? Code, string? Description);

    internal sealed class Handler(AppDbContext db)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var costCode = await CostCodeAdmin.CostCodeAsync(db, command.CostCodeId, cancellationToken);
            var (code, description) = await CostCodeAdmin.ValidateAsync(db, costCode, command.Code, command.Description, cancellationToken);
            var usedBySubJobs = await db.Set<SubJobCostCode>().CountAsync(u => u.CostCodeId == costCode.Id, cancellationToken);
            costCode.Edit(code, description, usedBySubJobs);
            await db.SaveChangesAsync(cancellationToken);
            return code;
        }
    }

    // Left out: unchanged.
    internal sealed record Body(string? Code, string? Description);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPatch("/cost-codes/{costCodeId:guid}", async (Guid costCodeId, Body? body, Handler edit, List.Handler list, CancellationToken cancellationToken) =>
            {
                var current = await List.OneAsync(list, costCodeId, cancellationToken);
                await edit.HandleAsync(new Command(costCodeId, body?.Code ?? current.Code, body?.Description ?? current.Description), cancellationToken);
                return await List.OneAsync(list, costCodeId, cancellationToken);
            })
            .WithName("EditCostCode")
            .RequireAuthorization(Permissions.ManageCostCodes)
            .WithTags("Cost codes")
            .WithSummary("Change a cost code's description, or its code while no sub job uses it (409 otherwise: deactivate it and add a new one). Needs an ERP Integrations Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
