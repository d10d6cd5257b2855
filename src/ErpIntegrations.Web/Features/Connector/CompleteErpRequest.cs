using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Observability;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Connector;

// The integrator wrote the sub job into the ERP: the request and its sub job are Synced with the ERP's record id. The same
// call again answers the same; after the request moved on, or with a lease that is not its current one, it is refused.
internal static class CompleteErpRequest
{
    public const int MaxRecordIdLength = 100;

    internal sealed record Body(Guid? LeaseId, string? ErpRecordId);

    internal sealed class Handler(AppDbContext db, TimeProvider time, ExportMetrics? metrics = null)
    {
        public async Task<ErpRequestItem> HandleAsync(Guid id, Body? body, CancellationToken cancellationToken)
        {
            var errors = new InputErrors();
            if (body?.LeaseId is not { } leaseId || leaseId == Guid.Empty)
            {
                errors.Add("leaseId", "Send the leaseId the request was claimed with.");
                leaseId = Guid.Empty;
            }

            var recordId = errors.Text("erpRecordId", body?.ErpRecordId, "the ERP's record id", MaxRecordIdLength);
            errors.ThrowIfAny();

            var request = await ErpRequestItems.FindAsync(db, id, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            if (request.HasAnswered(leaseId, IntegratorAnswer.Complete))
            {
                return request.ErpRecordId == recordId
                    ? await ItemAsync(request, now, cancellationToken)
                    : throw new DomainRuleException($"ERP request {id} was already completed with ERP record {request.ErpRecordId}, not {recordId}.");
            }

            try
            {
                var subJob = await db.SubJobs.SingleAsync(s => s.Id == request.SubJobId, cancellationToken);
                request.CompleteByIntegrator(leaseId, recordId, now);
                subJob.MarkExported(recordId, now);
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is DbUpdateConcurrencyException or DomainRuleException)
            {
                // Its save met ours, or it had already moved the sub job on.
                if (await ErpRequestItems.AnsweredMeanwhileAsync(db, id, r => r.HasAnswered(leaseId, IntegratorAnswer.Complete) && r.ErpRecordId == recordId, cancellationToken) is { } saved)
                {
                    return await ItemAsync(saved, now, cancellationToken);
                }

                throw;
            }

            metrics?.Synced(request.CreatedAt, now);
            return await ItemAsync(request, now, cancellationToken);
        }

        private async Task<ErpRequestItem> ItemAsync(ErpRequest request, DateTime now, CancellationToken cancellationToken) =>
            (await ErpRequestItems.ToItemsAsync(db, [request], now, cancellationToken))[0];
    }

    internal static void MapEndpoint(RouteGroupBuilder connector) =>
        connector.MapPost("/erp-requests/{id:guid}/complete", (Guid id, Body? body, Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(id, body, cancellationToken))
            .WithName("CompleteConnectorErpRequest")
            .WithSummary("The sub job is in the ERP: the request and its sub job become Synced with the ERP's record id.")
            .WithDescription("Idempotent: the same leaseId and erpRecordId again answer the same. 409 when the request has moved on (synced, failed, "
                + "answered otherwise with this lease) or the leaseId is not its current lease (expired and claimed again, or never issued); 404 for a request "
                + "that is not this company's integrator's.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
