using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

public static class BulkReject
{
    public sealed record Command(IReadOnlyCollection<Guid> SubJobIds, string? Reason);

    internal sealed class Handler(AppDbContext db, Reject.Handler reject)
    {
        public async Task<IReadOnlyList<BulkItemResult>> HandleAsync(Command command, CancellationToken cancellationToken)
        {

            var reason = Reject.ValidReason(command.Reason);
            return await BulkItems.RunAsync(db, command.SubJobIds, async id =>
            {
                await reject.HandleAsync(new Reject.Command(id, reason), cancellationToken);
                return "Rejected and sent back to its project.";
            }, cancellationToken);
        }
    }

    internal sealed record Body(IReadOnlyList<Guid>? Ids, string? Reason);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/sub-jobs/bulk-reject", async (Body? body, Handler bulkReject, CancellationToken cancellationToken) =>
                new BulkAccept.Results(await bulkReject.HandleAsync(new Command(body?.Ids ?? [], body?.Reason), cancellationToken)))
            .WithName("BulkRejectErpSubJobs")
            .RequireAuthorization(Permissions.RejectSubJobs)
            .WithTags("ERP Integrations")
            .WithSummary($"Reject up to {BulkItems.MaxItems} sub jobs with one reason; each succeeds or fails on its own.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
