using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

// The company's standard cost codes a sub job picks from: the active ones, and any it already has.
internal static class StandardCostCodes
{
    internal sealed record Row(Guid Id, string Code, string Description);

    public static async Task<IReadOnlyList<Row>> QueryAsync(AppDbContext db, IReadOnlyCollection<Guid> alreadyChosen, CancellationToken cancellationToken) =>
        await db.CostCodes.AsNoTracking()
            .Where(c => c.IsActive || alreadyChosen.Contains(c.Id))
            .OrderBy(c => c.Code)
            .Select(c => new Row(c.Id, c.Code, c.Description))
            .ToListAsync(cancellationToken);

    // The ids of cost codes the API names by their code; whether each may be chosen is the sub job's rule.
    public static async Task<IReadOnlyList<Guid>> IdsOfAsync(AppDbContext db, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        if (codes.Any(string.IsNullOrWhiteSpace))
        {
            throw new InputException(SubJobFields.CostCodes, "Each cost code must be one of the company's standard cost codes, not empty. GET /api/v1/cost-codes lists them.");
        }

        var wanted = codes.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var found = await db.CostCodes.AsNoTracking()
            .Where(c => wanted.Contains(c.Code))
            .ToDictionaryAsync(c => c.Code, c => c.Id, cancellationToken);
        var unknown = wanted.Where(c => !found.ContainsKey(c)).ToList();
        if (unknown.Count > 0)
        {
            throw new InputException(SubJobFields.CostCodes, $"Not a standard cost code of the company: {string.Join(", ", unknown)}. GET /api/v1/cost-codes lists them.");
        }

        return [.. wanted.Select(c => found[c])];
    }

    internal sealed record ApiCostCode(string Code, string Description);

    internal sealed record ApiCostCodes(IReadOnlyList<ApiCostCode> Items);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken cancellationToken)
        {
            await currentUser.GetActorAsync(cancellationToken);
            return await QueryAsync(db, [], cancellationToken);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/cost-codes", async (Handler handler, CancellationToken cancellationToken) =>
                new ApiCostCodes([.. (await handler.HandleAsync(cancellationToken)).Select(c => new ApiCostCode(c.Code, c.Description))]))
            .WithName("ListCostCodes")
            .RequireAuthorization(Permissions.SignedIn)
            .WithTags("Project Admin")
            .WithSummary("The company's active standard cost codes, which sub jobs choose from.");
}
