using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

public static class BulkReject
{
    public sealed record Command(IReadOnlyCollection<BulkItem> SubJobs, string? Reason);

    internal sealed class Handler(AppDbContext db, Reject.Handler reject)
    {
        public async Task<IReadOnlyList<BulkItemResult>> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var reason = Reject.ValidReason(command.Reason);
            return await BulkItems.RunAsync(db, command.SubJobs, async item =>
            {
                await reject.HandleAsync(new Reject.Command(item.Id, reason, item.Version), cancellationToken);
                return "Rejected and sent back to its project.";
            }, cancellationToken);
        }
    }

    // Items: the sub jobs with the versions reviewed; Ids: sub jobs without a version (no check). Either, or both.
    internal sealed record Body(IReadOnlyList<Guid>? Ids, IReadOnlyList<BulkItem>? Items, string? Reason);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/sub-jobs/bulk-reject", async (Body? body, Handler bulkReject, CancellationToken cancellationToken) =>
                new BulkAccept.Results(await bulkReject.HandleAsync(new Command(BulkItems.From(body?.Items, body?.Ids), body?.Reason), cancellationToken)))
            .WithName("BulkRejectErpSubJobs")
            .RequireAuthorization(Permissions.RejectSubJobs)
            .WithTags("ERP Integrations")
            .WithSummary($"Reject up to {BulkItems.MaxItems} sub jobs with one reason; each succeeds or fails on its own.")
            .WithDescription("items: [{\"id\", \"version\"}], the sub jobs with the versions you reviewed; ids: sub jobs without a version (no check). " + ReviewedVersion.Description)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
