using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Observability;
using ErpIntegrations.Web.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Exports;

// Takes due ERP requests from their LeasedQueue<T>, sends each to its company's ERP and records the
// outcome. Safe to run in many threads and processes at once. An ERP that cannot be reached is waited out for
// Exports:RetryWindowHours, behind its company's circuit breaker (ErpCircuitBreakers): while it is open, one request at a
// time probes the ERP and the company's other requests are held, without spending attempts, until a probe gets through.
public sealed class Exporter(IServiceScopeFactory scopes, ErpConnectors connectors, ErpCircuitBreakers breakers, IOptions<ExportOptions> options, TimeProvider time, ILogger<Exporter> logger, ExportMetrics? metrics = null)
{
    private readonly LeasedQueue<ErpRequest> _queue = new(scopes, r => r.Status == ErpRequestStatus.InProgress && !r.ViaIntegrator, QueueSettings(options.Value), time, logger, r => r.CappedAttempts);

    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) => _queue.RunOnceAsync(ExportAsync, cancellationToken);

    public Task<int> ExportNextBatchAsync(CancellationToken cancellationToken = default) => _queue.ProcessNextBatchAsync(ExportAsync, cancellationToken);

    internal Task<LeaseClaim?> TryClaimAsync(CancellationToken cancellationToken) => _queue.ClaimAsync(cancellationToken);

    // A claimed batch, company by company. While a company's ERP is answering, its requests go in calls of up to the
    // connector's MaxExportsPerCall (IErpConnector.ExportSubJobsAsync), each call's outcomes saved together; otherwise
    // one at a time, each asked of its circuit breaker and saved at once, so that an ERP found unreachable holds the rest
    // without calling it.
    internal async Task ExportAsync(LeaseClaim claim, CancellationToken cancellationToken)
    {
        await using var batch = await _queue.OpenAsync(claim, cancellationToken);
        if (batch is null)
        {
            return;
        }

        var companies = new Dictionary<Guid, Company>();
        var held = new Dictionary<Guid, ErpAdmission.Wait>();
        var recorded = new List<(ErpRequest Request, bool Held)>();
        foreach (var company in batch.Claimed.GroupBy(r => r.CompanyId))
        {
            var waiting = new Queue<Guid>(company.Select(r => r.Id));
            while (waiting.TryDequeue(out var id))
            {
                var admission = breakers.Admit(company.Key);
                if (admission is ErpAdmission.Wait wait)
                {
                    held[id] = wait;
                    continue;
                }

                List<Guid> together = [id];
                if (admission is ErpAdmission.CallNow && breakers.IsAnswering(company.Key))
                {
                    var perCall = connectors.For(await CompanyAsync(batch.Db, company.Key, companies, cancellationToken)).MaxExportsPerCall;
                    while (together.Count < perCall && waiting.TryDequeue(out var next))
                    {
                        together.Add(next);
                    }
                }

                await ExportTogetherAsync(batch, company.Key, together, admission is ErpAdmission.ProbeNow, companies, recorded, cancellationToken);
                await batch.SaveAsync(Forget, cancellationToken);
                CountSaved(batch.Db, recorded);
            }
        }

        if (held.Count > 0)
        {
            foreach (var attempt in await batch.HoldAsync([.. held.Keys], cancellationToken))
            {
                using var scope = LogScope(attempt.Item);
                await HoldAsync(attempt, held[attempt.Item.Id], companies, cancellationToken);
                recorded.Add((attempt.Item, true));
            }

            await batch.SaveAsync(Forget, cancellationToken);
            CountSaved(batch.Db, recorded);
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // Every line logged while exporting one request carries its sub job, ERP request and company, to follow it through the log.
    private IDisposable? LogScope(ErpRequest request) => logger.BeginScope(new Dictionary<string, object>
    {
        ["SubJobId"] = request.SubJobId,
        ["ErpRequestId"] = request.Id,
        ["CompanyId"] = request.CompanyId,
    });

    // Takes back what was recorded on a request whose lease another worker took over: the request, its sub job, the sub
    // job's new history, and the emails composed for the save (composed again for what is still saved).
    private static void Forget(LeasedAttempt<ErpRequest> attempt)
    {
        var db = attempt.Db;
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity == attempt.Item
                || (entry.Entity is SubJob subJob && subJob.Id == attempt.Item.SubJobId)
                || (entry.Entity is AuditEntry audit && audit.SubJobId == attempt.Item.SubJobId && entry.State == EntityState.Added)
                || (entry.Entity is Notifications.OutboxEmail && entry.State == EntityState.Added))
            {
                entry.State = EntityState.Detached;
            }
        }
    }

    // Starts an attempt at each request given (of one company) and sends those started to the ERP in one call.
    private async Task ExportTogetherAsync(LeasedBatch<ErpRequest> batch, Guid companyId, IReadOnlyList<Guid> ids, bool isProbe, Dictionary<Guid, Company> companies, List<(ErpRequest Request, bool Held)> recorded, CancellationToken cancellationToken)
    {
        var attempts = await batch.StartAsync(ids, cancellationToken);
        if (attempts.Count == 0)
        {
            if (isProbe)
            {
                breakers.EndProbe(companyId);
            }

            return;
        }

        var db = batch.Db;
        var subJobIds = attempts.Select(a => a.Item.SubJobId).ToList();
        var subJobs = await db.SubJobs.IgnoreQueryFilters().Where(s => subJobIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var company = await CompanyAsync(db, companyId, companies, cancellationToken);
        var calls = new List<LeasedAttempt<ErpRequest>>(attempts.Count);
        foreach (var attempt in attempts)
        {
            if (!attempt.IsExhausted)
            {
                calls.Add(attempt);
                continue;
            }

            using var scope = LogScope(attempt.Item);
            if (isProbe)
            {
                breakers.EndProbe(company.Id);
            }

            GiveUpInterrupted(attempt.Item, subJobs[attempt.Item.SubJobId]);
            recorded.Add((attempt.Item, false));
        }

        if (calls.Count == 0)
        {
            return;
        }

        if (isProbe)
        {
            logger.LogInformation("Probing the ERP of company {CompanyId} with ERP request {RequestId}.", company.Id, calls[0].Item.Id);
        }

        var results = await CallErpAsync(company, calls, cancellationToken);
        for (var i = 0; i < calls.Count; i++)
        {
            var (attempt, (result, unexpected)) = (calls[i], results[i]);
            var (request, subJob) = (attempt.Item, subJobs[attempt.Item.SubJobId]);
            using var scope = LogScope(request);
            try
            {
                await RecordAsync(attempt, subJob, company, result, unexpected, isProbe, cancellationToken);
            }
            catch (DomainRuleException ex)
            {
                logger.LogError("ERP request {RequestId} cannot be recorded on its sub job: {Reason}", request.Id, ex.Message);
                db.Entry(subJob).State = EntityState.Unchanged;
                request.Fail($"The outcome could not be recorded on the sub job: {ex.Message}", Now);
            }

            recorded.Add((request, false));
        }
    }

    private static async Task<Company> CompanyAsync(AppDbContext db, Guid companyId, Dictionary<Guid, Company> companies, CancellationToken cancellationToken)
    {
        if (!companies.TryGetValue(companyId, out var company))
        {
            company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == companyId, cancellationToken);
            companies[company.Id] = company;
        }

        return company;
    }

    // Not admitted while the company's ERP is unreachable: held back without an attempt, or given up once it has been
    // unreachable for the whole retry window (the ERP is not called for it again).
    private async Task HoldAsync(LeasedAttempt<ErpRequest> attempt, ErpAdmission.Wait wait, Dictionary<Guid, Company> companies, CancellationToken cancellationToken)
    {
        var request = attempt.Item;
        var since = request.ErpUnreachableSince ?? wait.Since;
        if (Now - since < options.Value.RetryWindow)
        {
            request.Hold(wait.Since, wait.Until);
            return;
        }

        var subJob = await attempt.Db.SubJobs.IgnoreQueryFilters().SingleAsync(s => s.Id == request.SubJobId, cancellationToken);
        var company = await CompanyAsync(attempt.Db, request.CompanyId, companies, cancellationToken);
        GiveUpUnreachable(request, subJob, company, since);
    }

    // Counts the outcomes a save kept: one taken back because another worker had taken the request over (Forget) is that
    // worker's to count, so that an export is counted once across all the processes sharing the database.
    private void CountSaved(AppDbContext db, List<(ErpRequest Request, bool Held)> recorded)
    {
        foreach (var (request, held) in recorded)
        {
            if (db.Entry(request).State != EntityState.Detached)
            {
                Count(request, held);
            }
        }

        recorded.Clear();
    }

    private void Count(ErpRequest request, bool held)
    {
        if (metrics is null)
        {
            return;
        }

        switch (request.Status)
        {
            case ErpRequestStatus.Success:
                metrics.Synced(request.CreatedAt, request.CompletedAt ?? Now);
                break;
            case ErpRequestStatus.Failed:
                metrics.Failed();
                break;
            case ErpRequestStatus.InProgress when !held:
                metrics.Retried();
                break;
        }
    }

    private void GiveUpInterrupted(ErpRequest request, SubJob subJob)
    {
        var messages = request.Messages is null
            ? $"The export was interrupted {request.CappedAttempts} times before the ERP's answer could be recorded (the exporter stopped or failed; see the server log, reference {request.Id}). Check whether {request.ErpSubJobId} is in the ERP, then Retry or Reject."
            : $"Gave up after {request.Attempts} attempts; the last was interrupted before the ERP's answer could be recorded (see the server log, reference {request.Id}). {request.Messages}";
        logger.LogError("ERP request {RequestId} used all {Attempts} attempts without an outcome; it is Failed to Export.", request.Id, request.CappedAttempts);
        GiveUp(request, subJob, messages);
    }

    private void GiveUpUnreachable(ErpRequest request, SubJob subJob, Company company, DateTime since)
    {
        var erp = ErpName(company);
        var messages = $"Gave up: {erp} has been unreachable for {Duration(Now - since)} (since {since:yyyy-MM-dd HH:mm} UTC)."
            + (request.Messages is { } last ? $" The last error: {last}" : "");
        logger.LogWarning("ERP request {RequestId} gave up: the ERP of company {CompanyId} has been unreachable since {Since:u}.", request.Id, company.Id, since);
        GiveUp(request, subJob, messages);
    }

    private void GiveUp(ErpRequest request, SubJob subJob, string messages)
    {
        var now = Now;
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

    private async Task RecordAsync(LeasedAttempt<ErpRequest> attempt, SubJob subJob, Company company, ErpExportResult result, bool unexpected, bool isProbe, CancellationToken cancellationToken)
    {
        var request = attempt.Item;
        var now = Now;
        switch (result)
        {
            case ErpExportResult.Failed failure when unexpected:
                // Not the ERP's answer: says nothing of whether it is reachable, and counts toward Exports:MaxAttempts.
                if (isProbe)
                {
                    breakers.EndProbe(company.Id);
                }

                if (request.CappedAttempts >= options.Value.MaxAttempts)
                {
                    GiveUp(request, subJob, $"Gave up after {request.Attempts} attempts. {Join(failure.Messages)}");
                }
                else
                {
                    request.ScheduleRetry(Join(failure.Messages), attempt.NextAttemptAt());
                }

                break;
            case ErpExportResult.Failed { IsTransient: true } failure:
                var (outage, opened) = breakers.RecordUnreachable(company.Id, isProbe);
                var since = request.ErpUnreachableSince ?? outage?.Since ?? now;
                if (now - since >= options.Value.RetryWindow)
                {
                    request.WaitForErp(Join(failure.Messages), since, now);
                    GiveUpUnreachable(request, subJob, company, since);
                }
                else
                {
                    request.WaitForErp(Join(failure.Messages), since, outage?.NextProbeAt ?? attempt.NextAttemptAt());
                }

                if (opened)
                {
                    await HoldCompanyAsync(attempt.Db, company.Id, request.Id, outage!, cancellationToken);
                }

                break;
            case ErpExportResult.Succeeded success:
                await ErpAnsweredAsync(attempt.Db, company.Id, request.Id, cancellationToken);
                request.Succeed(success.ErpRecordId, now);
                subJob.MarkExported(success.ErpRecordId, now);
                break;
            case ErpExportResult.Failed failure:
                await ErpAnsweredAsync(attempt.Db, company.Id, request.Id, cancellationToken);
                var messages = Join(failure.Messages);
                request.Fail(messages, now);
                subJob.MarkExportFailed(messages, now);
                break;
        }
    }

    // The circuit opened, or its probe failed: the company's other waiting requests are held until after the next probe,
    // so that neither this exporter nor another process sharing the database calls the ERP meanwhile.
    private async Task HoldCompanyAsync(AppDbContext db, Guid companyId, Guid probeId, ErpOutage outage, CancellationToken cancellationToken)
    {
        var now = Now;
        var held = await Waiting(db, companyId, probeId, now)
            .Where(r => r.NextAttemptAt < outage.HoldUntil)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, outage.HoldUntil).SetProperty(r => r.ErpUnreachableSince, r => r.ErpUnreachableSince ?? outage.Since), cancellationToken);
        logger.LogWarning(
            "The ERP of company {CompanyId} has been unreachable since {Since:u}; {Held} more exports wait, and it is probed again at {NextProbeAt:u}.",
            companyId,
            outage.Since,
            held,
            outage.NextProbeAt);
    }

    // The ERP answered: when its circuit was open, the requests it held go at once.
    private async Task ErpAnsweredAsync(AppDbContext db, Guid companyId, Guid requestId, CancellationToken cancellationToken)
    {
        if (!breakers.RecordAnswer(companyId))
        {
            return;
        }

        var now = Now;
        var released = await Waiting(db, companyId, requestId, now)
            .Where(r => r.ErpUnreachableSince != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, now).SetProperty(r => r.ErpUnreachableSince, (DateTime?)null), cancellationToken);
        logger.LogInformation("The ERP of company {CompanyId} answers again; {Released} waiting exports go now.", companyId, released);
    }

    private static IQueryable<ErpRequest> Waiting(AppDbContext db, Guid companyId, Guid exceptId, DateTime now) =>
        db.ErpRequests.IgnoreQueryFilters().Where(r =>
            r.CompanyId == companyId && r.Status == ErpRequestStatus.InProgress && r.Id != exceptId && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now));

    // Calls the ERP within the requests' lease; a call cut short that way is a transient failure (the connector looks
    // our reference up first, so a record the ERP wrote anyway is found on the next attempt). Unexpected: the connector
    // failed rather than the ERP answering or staying silent. A failure of the call is every request's.
    private async Task<IReadOnlyList<(ErpExportResult Result, bool Unexpected)>> CallErpAsync(Company company, IReadOnlyList<LeasedAttempt<ErpRequest>> attempts, CancellationToken cancellationToken)
    {
        using var deadline = attempts[0].LimitToLease(cancellationToken);
        try
        {
            var connector = connectors.For(company);
            var exports = attempts.Select(a => a.Item.ReadPayload()).ToList();
            var results = exports.Count == 1
                ? [await connector.ExportSubJobAsync(exports[0], deadline.Token)]
                : await connector.ExportSubJobsAsync(exports, deadline.Token);
            return results.Count == exports.Count
                ? [.. results.Select(r => (r, false))]
                : throw new InvalidOperationException($"The connector answered {results.Count} results for {exports.Count} exports.");
        }
        catch (DomainRuleException ex)
        {
            return Each(ErpExportResult.Permanent(ex.Message), false);
        }
        catch (ErpException ex)
        {
            return Each(ex.IsTransient ? ErpExportResult.Transient(ex.Message) : ErpExportResult.Permanent(ex.Message), false);
        }
        catch (OperationCanceledException) when (deadline.HasPassed)
        {
            var allowed = attempts[0].Allowed.TotalSeconds;
            foreach (var attempt in attempts)
            {
                logger.LogWarning("The ERP did not answer ERP request {RequestId} within {Seconds:0} seconds; it will be retried.", attempt.Item.Id, allowed);
            }

            return Each(ErpExportResult.Transient($"The ERP did not answer within {allowed:0} seconds."), false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception's own text is for the log: it may be a stack's jargon or hold connection details.
            logger.LogError(ex, "The ERP connector failed unexpectedly on ERP requests {RequestIds}; they will be retried.", string.Join(", ", attempts.Select(a => a.Item.Id)));
            return [.. attempts.Select(a => (ErpExportResult.Transient($"The ERP connector failed unexpectedly; see the server log (reference {a.Item.Id})."), true))];
        }

        List<(ErpExportResult, bool)> Each(ErpExportResult result, bool unexpected) => [.. attempts.Select(_ => (result, unexpected))];
    }

    private string ErpName(Company company)
    {
        try
        {
            return connectors.For(company).Capabilities.DisplayName;
        }
        catch (DomainRuleException)
        {
            return "The ERP";
        }
    }

    // "26 hours", "1 hour 20 minutes", "45 minutes", "30 seconds": how long the ERP has been unreachable, rounded down.
    internal static string Duration(TimeSpan span) =>
        span.TotalHours >= 2 ? $"{(int)span.TotalHours} hours"
        : span.TotalHours >= 1 ? (span.Minutes == 0 ? "1 hour" : $"1 hour {span.Minutes} minute{(span.Minutes == 1 ? "" : "s")}")
        : span.TotalMinutes >= 2 ? $"{(int)span.TotalMinutes} minutes"
        : $"{(int)span.TotalSeconds} seconds";

    // The connector API's claims use the same settings: the same lease, attempts and backoff.
    internal static LeasedQueueSettings QueueSettings(ExportOptions options) => new()
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
