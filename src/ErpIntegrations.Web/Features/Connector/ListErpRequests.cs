using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Connector;

// The company's ERP requests for its integrator by state, oldest first: pending (waiting to be claimed, or for a retry),
// claimed (leased now), synced, failed. At most 100 a call.
internal static class ListErpRequests
{
    public const int Limit = 100;

    internal sealed record Result(IReadOnlyList<ErpRequestItem> Items);

    internal sealed class Handler(AppDbContext db, TimeProvider time)
    {
        public async Task<Result> HandleAsync(string? state, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var requests = db.ErpRequests.AsNoTracking().Where(r => r.ViaIntegrator);
            requests = (state?.Trim().ToLowerInvariant() ?? ErpRequestItems.Pending) switch
            {
                ErpRequestItems.Pending => requests.Where(r => r.Status == ErpRequestStatus.InProgress && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now)),
                ErpRequestItems.Claimed => requests.Where(r => r.Status == ErpRequestStatus.InProgress && r.LeaseExpiresAt != null && r.LeaseExpiresAt >= now),
                ErpRequestItems.Synced => requests.Where(r => r.Status == ErpRequestStatus.Success),
                ErpRequestItems.Failed => requests.Where(r => r.Status == ErpRequestStatus.Failed),
                _ => throw new InputException("state", "The state must be pending, claimed, synced or failed."),
            };
            var page = await requests.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(Limit).ToListAsync(cancellationToken);
            return new Result(await ErpRequestItems.ToItemsAsync(db, page, now, cancellationToken));
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder connector) =>
        connector.MapGet("/erp-requests", (string? state, Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(state, cancellationToken))
            .WithName("ListConnectorErpRequests")
            .WithSummary("The company's ERP requests for the integrator by state (pending, the default; claimed; synced; failed), oldest first, at most 100.")
            .ProducesValidationProblem();
}
