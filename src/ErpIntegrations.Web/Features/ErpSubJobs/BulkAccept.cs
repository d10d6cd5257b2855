using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Accepts several Ready to Export sub jobs at once, each under the ERP Job ID the connector proposes.
public static class BulkAccept
{
    public sealed record Command(IReadOnlyCollection<Guid> SubJobIds);

    internal sealed class Handler(AppDbContext db, Accept.Handler accept)
    {
        public async Task<IReadOnlyList<BulkItemResult>> HandleAsync(Command command, CancellationToken cancellationToken)
        {

            return await BulkItems.RunAsync(db, command.SubJobIds, async id =>
            {
                var accepted = await accept.HandleAsync(new Accept.Command(id, null), cancellationToken);
                return $"Exporting as {accepted.ErpSubJobId}…";
            }, cancellationToken);
        }
    }

    internal sealed record Body(IReadOnlyList<Guid>? Ids);

    internal sealed record Results(IReadOnlyList<BulkItemResult> Items);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/sub-jobs/bulk-accept", async (Body? body, Handler bulkAccept, CancellationToken cancellationToken) =>
                new Results(await bulkAccept.HandleAsync(new Command(body?.Ids ?? []), cancellationToken)))
            .WithName("BulkAcceptErpSubJobs")
            .RequireAuthorization(Permissions.AcceptSubJobs)
            .WithTags("ERP Integrations")
            .WithSummary($"Accept up to {BulkItems.MaxItems} sub jobs, each under its proposed ERP Job ID; each succeeds or fails on its own.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
