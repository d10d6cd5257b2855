using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Exports;

// Takes due ERP requests from their LeasedQueue<T>, sends each to its company's ERP and records the
// outcome. Safe to run in many threads and processes at once.
public sealed class Exporter(IServiceScopeFactory scopes, ErpConnectors connectors, IOptions<ExportOptions> options, TimeProvider time, ILogger<Exporter> logger)
{
    private readonly LeasedQueue<ErpRequest> _queue = new(scopes, r => r.Status == ErpRequestStatus.InProgress, QueueSettings(options.Value), time, logger);

    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) => _queue.RunOnceAsync(ExportAsync, cancellationToken);

    public Task<int> ExportNextBatchAsync(CancellationToken cancellationToken = default) => _queue.ProcessNextBatchAsync(ExportAsync, cancellationToken);

    internal Task<LeaseClaim?> TryClaimAsync(CancellationToken cancellationToken) => _queue.ClaimAsync(cancellationToken);

    internal Task ExportAsync(LeaseClaim claim, CancellationToken cancellationToken)
    {
        var companies = new Dictionary<Guid, Company>();
        return _queue.ProcessAsync(claim, (attempt, ct) => ExportAsync(attempt, companies, ct), cancellationToken);
    }

    private async Task ExportAsync(LeasedAttempt<ErpRequest> attempt, Dictionary<Guid, Company> companies, CancellationToken cancellationToken)
    {
        var (request, db) = (attempt.Item, attempt.Db);
        var subJob = await db.SubJobs.IgnoreQueryFilters().SingleAsync(s => s.Id == request.SubJobId, cancellationToken);
        if (attempt.IsExhausted)
        {
            GiveUpInterrupted(request, subJob);
            return;
        }

        if (!companies.TryGetValue(request.CompanyId, out var company))
        {
            company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == request.CompanyId, cancellationToken);
            companies[company.Id] = company;
        }

        var result = await CallErpAsync(company, attempt, cancellationToken);
        try
        {
            Record(attempt, subJob, result);
        }
        catch (DomainRuleException ex)
        {
            logger.LogError("ERP request {RequestId} cannot be recorded on its sub job: {Reason}", request.Id, ex.Message);
            db.Entry(subJob).State = EntityState.Unchanged;
            request.Fail($"The outcome could not be recorded on the sub job: {ex.Message}", time.GetUtcNow().UtcDateTime);
        }
    }

    private void GiveUpInterrupted(ErpRequest request, SubJob subJob)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var messages = request.Messages is null
            ? $"The export was interrupted {request.Attempts} times before the ERP's answer could be recorded (the exporter stopped or failed; see the server log, reference {request.Id}). Check whether {request.ErpSubJobId} is in the ERP, then Retry or Reject."
            : $"Gave up after {request.Attempts} attempts; the last was interrupted before the ERP's answer could be recorded (see the server log, reference {request.Id}). {request.Messages}";
        logger.LogError("ERP request {RequestId} used all {Attempts} attempts without an outcome; it is Failed to Export.", request.Id, request.Attempts);
        request.Fail(messages, now);
        if (subJob.State == SubJobState.Exporting)
        {
            subJob.MarkExportFailed(messages, now);
        }
        else
        {
            logger.LogError("ERP request {RequestId} gave up, but its sub job is {State}, not Exporting; the sub job is left as it is.", request.Id, subJob.State);
        }
    }

    private void Record(LeasedAttempt<ErpRequest> attempt, SubJob subJob, ErpExportResult result)
    {
        var request = attempt.Item;
        var now = time.GetUtcNow().UtcDateTime;
        switch (result)
        {
            case ErpExportResult.Succeeded success:
                request.Succeed(success.ErpRecordId, now);
                subJob.MarkExported(success.ErpRecordId, now);
                break;
            case ErpExportResult.Failed { IsTransient: true } failure when !attempt.IsLast:
                request.ScheduleRetry(Join(failure.Messages), attempt.NextAttemptAt());
                break;
            case ErpExportResult.Failed failure:
                var messages = failure.IsTransient
                    ? $"Gave up after {request.Attempts} attempts. {Join(failure.Messages)}"
                    : Join(failure.Messages);
                request.Fail(messages, now);
                subJob.MarkExportFailed(messages, now);
                break;
        }
    }

    // Calls the ERP within the request's lease; a call cut short that way is a transient failure (the connector looks
    // our reference up first, so a record the ERP wrote anyway is found on the next attempt).
    private async Task<ErpExportResult> CallErpAsync(Company company, LeasedAttempt<ErpRequest> attempt, CancellationToken cancellationToken)
    {
        var request = attempt.Item;
        using var deadline = attempt.LimitToLease(cancellationToken);
        try
        {
            return await connectors.For(company).ExportSubJobAsync(request.ReadPayload(), deadline.Token);
        }
        catch (DomainRuleException ex)
        {
            return ErpExportResult.Permanent(ex.Message);
        }
        catch (OperationCanceledException) when (deadline.HasPassed)
        {
            var allowed = attempt.Allowed.TotalSeconds;
            logger.LogWarning("The ERP did not answer ERP request {RequestId} within {Seconds:0} seconds; it will be retried.", request.Id, allowed);
            return ErpExportResult.Transient($"The ERP did not answer within {allowed:0} seconds.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception's own text is for the log: it may be a stack's jargon or hold connection details.
            logger.LogError(ex, "The ERP connector failed unexpectedly on ERP request {RequestId}; it will be retried.", request.Id);
            return ErpExportResult.Transient($"The ERP connector failed unexpectedly; see the server log (reference {request.Id}).");
        }
    }

    private static LeasedQueueSettings QueueSettings(ExportOptions options) => new()
    {
        WorkName = "ERP request",
        BatchSize = options.BatchSize,
        Lease = options.Lease,
        LeaseMargin = options.LeaseMargin,
        MaxAttempts = options.MaxAttempts,
        Backoff = new RetryBackoff(options.BaseRetryDelay, options.MaxRetryDelay),
    };

    private static string Join(IReadOnlyList<string> messages) => string.Join(Environment.NewLine, messages);
}

// Runs exporters until the app stops: woken when a request is committed, polling as a fallback.
internal sealed class ExporterService(Exporter exporter, WorkSignals signals, IOptions<ExportOptions> options, ILogger<ExporterService> logger) : BackgroundService
{
    private readonly WorkSignal _signal = signals.For<ErpRequest>();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled
            ? Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => LoopAsync(stoppingToken)))
            : Task.CompletedTask;

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await exporter.ExportNextBatchAsync(stoppingToken) > 0)
                {
                    // There may be more: wake a sibling worker to share them.
                    _signal.Notify();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The exporter failed; it will try again.");
            }

            await _signal.WaitAsync(options.Value.Poll, stoppingToken);
        }
    }
}
