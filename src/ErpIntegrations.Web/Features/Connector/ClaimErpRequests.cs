using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Integrators;
using ErpIntegrations.Web.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Features.Connector;

// Claims pending ERP requests for the integrator with the exporter's own leases (LeasedQueue: one claimant at a time, an
// expired lease makes a request claimable again, every claim counts an attempt). A long poll: answers as soon as one is
// pending, woken in this process by the commit that made it, and looking in the database every half second for those
// committed by other instances; empty after the wait (both timed by the app's TimeProvider).
internal static class ClaimErpRequests
{
    public const int MaxItems = 100;
    public const int MaxWaitSeconds = 60;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    internal sealed record Body(int? Max, double? WaitSeconds);

    internal sealed record Result(IReadOnlyList<ErpRequestItem> Items);

    internal sealed class Handler(IServiceScopeFactory scopes, AppDbContext db, CurrentCompany company, IntegratorSignal signal, IOptions<ExportOptions> options, TimeProvider time, ILogger<Handler> logger)
    {
        public async Task<Result> HandleAsync(Body? body, CancellationToken cancellationToken)
        {
            var errors = new InputErrors();
            var max = body?.Max ?? 20;
            if (max is < 1 or > MaxItems)
            {
                errors.Add("max", $"Claim from 1 to {MaxItems} requests at a time.");
            }

            var wait = body?.WaitSeconds ?? 0;
            if (double.IsNaN(wait) || wait is < 0 or > MaxWaitSeconds)
            {
                errors.Add("waitSeconds", $"Wait from 0 to {MaxWaitSeconds} seconds.");
            }

            errors.ThrowIfAny();
            var companyId = company.Id ?? throw new InvalidOperationException("A connector credential always names its company.");
            var queue = new LeasedQueue<ErpRequest>(
                scopes,
                r => r.Status == ErpRequestStatus.InProgress && r.ViaIntegrator && r.CompanyId == companyId,
                Exporter.QueueSettings(options.Value) with { BatchSize = max, WorkName = "ERP request for the integrator" },
                time,
                logger,
                r => r.CappedAttempts);
            var started = time.GetTimestamp();
            var deadline = TimeSpan.FromSeconds(wait);
            while (true)
            {
                var woken = signal.Next;
                var claimed = await ClaimOnceAsync(queue, cancellationToken);
                var left = deadline - time.GetElapsedTime(started);
                if (claimed.Count > 0 || left <= TimeSpan.Zero)
                {
                    return new Result(claimed);
                }

                await Task.WhenAny(woken, Task.Delay(left < Poll ? left : Poll, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private async Task<IReadOnlyList<ErpRequestItem>> ClaimOnceAsync(LeasedQueue<ErpRequest> queue, CancellationToken cancellationToken)
        {
            if (await queue.ClaimAsync(cancellationToken) is not { } claim)
            {
                return [];
            }

            var started = new List<Guid>();
            await queue.ProcessAsync(
                claim,
                async (attempt, ct) =>
                {
                    if (attempt.IsExhausted)
                    {
                        await GiveUpAsync(attempt, ct);
                    }
                    else
                    {
                        started.Add(attempt.Item.Id);
                    }
                },
                cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var requests = await db.ErpRequests.AsNoTracking()
                .Where(r => started.Contains(r.Id) && r.LeaseToken == claim.LeaseToken)
                .OrderBy(r => r.CreatedAt)
                .ToListAsync(cancellationToken);
            return await ErpRequestItems.ToItemsAsync(db, requests, now, cancellationToken);
        }

        // Every attempt the exporter would allow was claimed and none answered: the integrator keeps losing it.
        private async Task GiveUpAsync(LeasedAttempt<ErpRequest> attempt, CancellationToken cancellationToken)
        {
            var request = attempt.Item;
            var subJob = await attempt.Db.SubJobs.IgnoreQueryFilters().SingleAsync(s => s.Id == request.SubJobId, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var messages = $"Claimed {request.CappedAttempts} times by the integrator without an answer before its lease ended (reference {request.Id}). Check whether {request.ErpSubJobId} is in the ERP, then Retry or Reject.";
            logger.LogError("ERP request {RequestId} was claimed {Attempts} times without an answer; it is Failed to Export.", request.Id, request.CappedAttempts);
            request.Fail(messages, now);
            if (subJob.State == SubJobState.Exporting)
            {
                subJob.MarkExportFailed(messages, now);
            }
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder connector) =>
        connector.MapPost("/erp-requests/claim", (Body? body, Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(body, cancellationToken))
            .WithName("ClaimConnectorErpRequests")
            .WithSummary("Claim pending ERP requests with a lease (long poll): answers as soon as one is pending, or with no items after waitSeconds.")
            .WithDescription("max: 1 to 100 (default 20); waitSeconds: 0 to 60 (default 0: answer at once). Each item carries its leaseId and leaseExpiresAt "
                + "(Exports:LeaseSeconds after the claim): answer complete or fail with that leaseId before the lease ends, or the request is claimed again, "
                + "counting an attempt. A request whose every attempt (Exports:MaxAttempts) was claimed without an answer is Failed to Export.")
            .ProducesValidationProblem();
}
