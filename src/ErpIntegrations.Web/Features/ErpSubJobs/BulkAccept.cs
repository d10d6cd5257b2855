using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Accepts several Ready to Export sub jobs at once, each under the ERP Job ID the connector proposes.
public static class BulkAccept
{
    public sealed record Command(IReadOnlyCollection<BulkItem> SubJobs);

    internal sealed class Handler(AppDbContext db, Accept.Handler accept)
    {
        public async Task<IReadOnlyList<BulkItemResult>> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            return await BulkItems.RunAsync(db, command.SubJobs, async item =>
            {
                var accepted = await accept.HandleAsync(new Accept.Command(item.Id, null, item.Version), cancellationToken);
                return $"Exporting as {accepted.ErpSubJobId}…";
            }, cancellationToken);
        }
    }

    // Items: the sub jobs with the versions reviewed; Ids: sub jobs without a version (no check). Either, or both.
    internal sealed record Body(IReadOnlyList<Guid>? Ids, IReadOnlyList<BulkItem>? Items);

    internal sealed record Results(IReadOnlyList<BulkItemResult> Items);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/sub-jobs/bulk-accept", async (Body? body, Handler bulkAccept, CancellationToken cancellationToken) =>
                new Results(await bulkAccept.HandleAsync(new Command(BulkItems.From(body?.Items, body?.Ids)), cancellationToken)))
            .WithName("BulkAcceptErpSubJobs")
            .RequireAuthorization(Permissions.AcceptSubJobs)
            .WithTags("ERP Integrations")
            .WithSummary($"Accept up to {BulkItems.MaxItems} sub jobs, each under its proposed ERP Job ID; each succeeds or fails on its own.")
            .WithDescription("items: [{\"id\", \"version\"}], the sub jobs with the versions you reviewed; ids: sub jobs without a version (no check). " + ReviewedVersion.Description)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
