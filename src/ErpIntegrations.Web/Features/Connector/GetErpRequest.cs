using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.Connector;

// One ERP request of the company's integrator: what to write and where it stands.
internal static class GetErpRequest
{
    internal sealed class Handler(AppDbContext db, TimeProvider time)
    {
        public async Task<ErpRequestItem> HandleAsync(Guid id, CancellationToken cancellationToken)
        {
            var request = await ErpRequestItems.FindAsync(db, id, cancellationToken);
            return (await ErpRequestItems.ToItemsAsync(db, [request], time.GetUtcNow().UtcDateTime, cancellationToken))[0];
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder connector) =>
        connector.MapGet("/erp-requests/{id:guid}", (Guid id, Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(id, cancellationToken))
            .WithName("GetConnectorErpRequest")
            .WithSummary("One ERP request: the sub job to write (code, description, cost codes), the job's ERP id, the ERP Job ID accepted, who accepted it and when, the attempt and its state.")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
