using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Features.Connector;

// The integrator could not write the sub job. Transient (the ERP is down or busy): it is pending again after a backoff,
// for Exports:RetryWindowHours since the first such failure; permanent (the ERP refused it): Failed to Export, with the
// messages shown to the approver. Idempotent and lease-checked as complete is.
internal static class FailErpRequest
{
    public const int MaxMessages = 20;
    public const int MaxMessageLength = 1000;

    internal sealed record Body(Guid? LeaseId, bool? Transient, IReadOnlyList<string?>? Messages);

    internal sealed class Handler(AppDbContext db, IOptions<ExportOptions> options, TimeProvider time, ExportMetrics? metrics = null)
    {
        public async Task<ErpRequestItem> HandleAsync(Guid id, Body? body, CancellationToken cancellationToken)
        {
            var errors = new InputErrors();
            if (body?.LeaseId is not { } leaseId || leaseId == Guid.Empty)
            {
                errors.Add("leaseId", "Send the leaseId the request was claimed with.");
                leaseId = Guid.Empty;
            }

            if (body?.Transient is not { } transient)
            {
                errors.Add("transient", "Say whether trying again later may succeed: transient true (the ERP is down or busy) or false (the ERP refused the sub job).");
                transient = false;
            }

            var messages = new List<string>();
            if (body?.Messages is not { Count: > 0 } given)
            {
                errors.Add("messages", "Send at least one message saying what the ERP answered; the approver reads it.");
            }
            else if (given.Count > MaxMessages)
            {
                errors.Add("messages", $"Send at most {MaxMessages} messages.");
            }
            else
            {
                for (var i = 0; i < given.Count; i++)
                {
                    var text = errors.Text($"messages[{i}]", given[i], "the message", MaxMessageLength, multiline: false);
                    messages.Add(text);
                }
            }

            errors.ThrowIfAny();
            var request = await ErpRequestItems.FindAsync(db, id, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var joined = string.Join('\n', messages);
            var answer = transient ? IntegratorAnswer.FailTransient : IntegratorAnswer.FailPermanent;
            if (request.HasAnswered(leaseId, answer))
            {
                return await ItemAsync(request, now, cancellationToken);
            }

            try
            {
                var subJob = await db.SubJobs.SingleAsync(s => s.Id == request.SubJobId, cancellationToken);
                var retryAt = now + Exporter.QueueSettings(options.Value).Backoff.DelayAfter(request.Attempts);
                request.FailByIntegrator(leaseId, joined, transient, retryAt, now);
                if (!transient)
                {
                    subJob.MarkExportFailed(joined, now);
                }
                else if (request.HasWaitedOut(now, options.Value.RetryWindow))
                {
                    var gaveUp = $"Gave up: the integrator could not write it for {Exporter.Duration(now - request.ErpUnreachableSince!.Value)}. The last error: {joined}";
                    request.Fail(gaveUp, now);
                    subJob.MarkExportFailed(gaveUp, now);
                }

                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is DbUpdateConcurrencyException or DomainRuleException)
            {
                // Its save met ours, or it had already moved the request on.
                if (await ErpRequestItems.AnsweredMeanwhileAsync(db, id, r => r.HasAnswered(leaseId, answer), cancellationToken) is { } saved)
                {
                    return await ItemAsync(saved, now, cancellationToken);
                }

                throw;
            }

            if (request.Status == ErpRequestStatus.InProgress)
            {
                metrics?.Retried();
            }
            else
            {
                metrics?.Failed();
            }

            return await ItemAsync(request, now, cancellationToken);
        }

        private async Task<ErpRequestItem> ItemAsync(ErpRequest request, DateTime now, CancellationToken cancellationToken) =>
            (await ErpRequestItems.ToItemsAsync(db, [request], now, cancellationToken))[0];
    }

    internal static void MapEndpoint(RouteGroupBuilder connector) =>
        connector.MapPost("/erp-requests/{id:guid}/fail", (Guid id, Body? body, Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(id, body, cancellationToken))
            .WithName("FailConnectorErpRequest")
            .WithSummary("The sub job could not be written: transient, it is pending again after a backoff; permanent, it is Failed to Export with the messages shown to the approver.")
            .WithDescription("messages: 1 to 20, each at most 1000 characters. Idempotent: the same leaseId and transient again answer the same. "
                + "409 when the request has moved on or the leaseId is not its current lease; 404 for a request that is not this company's integrator's.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
