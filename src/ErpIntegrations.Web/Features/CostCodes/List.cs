using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.CostCodes;

internal static class List
{
    internal sealed record Row(Guid Id, string Code, string Description, bool IsActive, int UsedBySubJobs);

    internal sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken cancellationToken)
        {
            var codes = await db.CostCodes.AsNoTracking().OrderBy(c => c.Code).ToListAsync(cancellationToken);
            var ids = codes.Select(c => c.Id).ToList();
            var uses = await db.Set<Domain.SubJobCostCode>().AsNoTracking()
                .Where(u => ids.Contains(u.CostCodeId))
                .GroupBy(u => u.CostCodeId)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            return [.. codes.Select(c => new Row(c.Id, c.Code, c.Description, c.IsActive, uses.GetValueOrDefault(c.Id)))];
        }
    }

    internal sealed record ApiCostCodes(IReadOnlyList<Row> Items);

    // One cost code as its administrator sees it, by way of the same handler as the list.
    public static async Task<Row> OneAsync(Handler list, Guid id, CancellationToken cancellationToken) =>
        (await list.HandleAsync(cancellationToken)).SingleOrDefault(c => c.Id == id) ?? throw new NotFoundException("The cost code");

    internal static void MapEndpoint(RouteGroupBuilder api)
    {
        api.MapGet("/cost-codes/all", async (Handler handler, CancellationToken cancellationToken) => new ApiCostCodes(await handler.HandleAsync(cancellationToken)))
            .WithName("ListAllCostCodes")
            .RequireAuthorization(Permissions.ManageCostCodes)
            .WithTags("Cost codes")
            .WithSummary("Every standard cost code, deactivated ones too, with how many sub jobs use each. Needs an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/cost-codes/{costCodeId:guid}", (Guid costCodeId, Handler handler, CancellationToken cancellationToken) => OneAsync(handler, costCodeId, cancellationToken))
            .WithName("GetCostCode")
            .RequireAuthorization(Permissions.ManageCostCodes)
            .WithTags("Cost codes")
            .WithSummary("One standard cost code, with how many sub jobs use it. Needs an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
