using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Exports;

/// <summary>
/// Takes due ERP requests from the database, sends each to its company's ERP and records the outcome.
/// Safe to run in many threads and processes at once: a request is claimed with a lease by an atomic
/// conditional update, and the outcome is saved only while the lease is still ours.
/// </summary>
public sealed class Exporter(
    IServiceScopeFactory scopes,
    ErpConnectors connectors,
    ExportOptions options,
    TimeProvider time,
    ILogger<Exporter> logger)
{
    /// <summary>Exports every request that is due now; returns how many it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var handled = 0;
        int batch;
        while (!cancellationToken.IsCancellationRequested && (batch = await ExportNextBatchAsync(cancellationToken)) > 0)
        {
            handled += batch;
        }

        return handled;
    }

    /// <summary>Claims up to <see cref="ExportOptions.BatchSize"/> due requests and exports them; 0 when nothing is due.</summary>
    public async Task<int> ExportNextBatchAsync(CancellationToken cancellationToken = default)
    {
        var claim = await TryClaimAsync(cancellationToken);
        if (claim is null)
        {
            return 0;
        }

        await ExportAsync(claim.Value.RequestIds, claim.Value.LeaseToken, cancellationToken);
        return claim.Value.RequestIds.Count;
    }

    /// <summary>
    /// Leases a batch of due requests with one conditional UPDATE: a row is taken only if it is still due and
    /// unleased at that instant, so of two workers racing for it exactly one gets it.
    /// </summary>
    internal async Task<(IReadOnlyList<Guid> RequestIds, Guid LeaseToken)?> TryClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var round = 0; round < 3; round++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var candidates = await Due(db, now)
                .OrderBy(r => r.NextAttemptAt)
                .Select(r => r.Id)
                .Take(options.BatchSize * 4)
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                return null;
            }

            // A random slice, so that competing workers rarely race for the same rows.
            var slice = candidates.Skip(Random.Shared.Next(Math.Max(1, candidates.Count - options.BatchSize + 1))).Take(options.BatchSize).ToList();
            var token = Guid.NewGuid();
            var leaseUntil = now.AddSeconds(options.LeaseSeconds);
            var claimed = await Due(db, now)
                .Where(r => slice.Contains(r.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseToken, token).SetProperty(r => r.LeaseExpiresAt, leaseUntil), cancellationToken);
            if (claimed > 0)
            {
                var ids = await db.ErpRequests.IgnoreQueryFilters().Where(r => slice.Contains(r.Id) && r.LeaseToken == token).Select(r => r.Id).ToListAsync(cancellationToken);
                return (ids, token);
            }
        }

        return null;
    }

    private static IQueryable<ErpRequest> Due(AppDbContext db, DateTime now) =>
        db.ErpRequests.IgnoreQueryFilters().Where(r =>
            r.Status == ErpRequestStatus.InProgress
            && r.NextAttemptAt <= now
            && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now));

    internal async Task ExportAsync(IReadOnlyList<Guid> requestIds, Guid leaseToken, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var companies = new Dictionary<Guid, Company>();
        foreach (var requestId in requestIds)
        {
            // Each request's lease is renewed just before its ERP call and its outcome saved right after, so a
            // slow ERP never outlasts the lease of work still waiting in the batch. The same UPDATE counts the
            // attempt, so an attempt that never saves an outcome (a crash, a failure outside the ERP call) still
            // uses one up. Counting here rather than at the batch claim charges only requests whose call starts:
            // a request that crashes its exporter must not use up the attempts of those queued behind it.
            var leaseUntil = time.GetUtcNow().UtcDateTime.AddSeconds(options.LeaseSeconds);
            var maxAttempts = options.MaxAttempts;
            var started = await Ours(db, requestId, leaseToken)
                .Where(r => r.Attempts < maxAttempts)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, leaseUntil).SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken);

            db.ChangeTracker.Clear();
            var request = await Ours(db, requestId, leaseToken).SingleOrDefaultAsync(cancellationToken);
            if (request is null)
            {
                continue;
            }

            var subJob = await db.SubJobs.IgnoreQueryFilters().SingleAsync(s => s.Id == request.SubJobId, cancellationToken);
            if (started == 0)
            {
                GiveUpInterrupted(request, subJob);
            }
            else
            {
                if (!companies.TryGetValue(request.CompanyId, out var company))
                {
                    company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == request.CompanyId, cancellationToken);
                    companies[company.Id] = company;
                }

                var result = await CallErpAsync(company, request, leaseUntil, cancellationToken);
                try
                {
                    Record(request, subJob, result);
                }
                catch (DomainRuleException ex)
                {
                    logger.LogError("ERP request {RequestId} cannot be recorded on its sub job: {Reason}", request.Id, ex.Message);
                    db.Entry(subJob).State = EntityState.Unchanged;
                    request.Fail($"The outcome could not be recorded on the sub job: {ex.Message}", time.GetUtcNow().UtcDateTime);
                }
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The lease ran out during the ERP call and another worker took the request over; the ERP's
                // idempotent export gives it the same outcome, and its record is the one that counts.
                logger.LogWarning("Lost the lease on ERP request {RequestId}; another exporter is recording it.", requestId);
            }
        }
    }

    private static IQueryable<ErpRequest> Ours(AppDbContext db, Guid requestId, Guid leaseToken) =>
        db.ErpRequests.IgnoreQueryFilters().Where(r => r.Id == requestId && r.LeaseToken == leaseToken && r.Status == ErpRequestStatus.InProgress);

    /// <summary>Every attempt was started and the last saved no outcome: it was cut short by a crash or a stop.</summary>
    private void GiveUpInterrupted(ErpRequest request, SubJob subJob)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var messages = request.Messages is null
            ? $"The export was interrupted {request.Attempts} times before the ERP's answer could be recorded (the exporter stopped or failed; see the server log, reference {request.Id}). Check whether {request.ErpJobId} is in the ERP, then Retry or Reject."
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

    private void Record(ErpRequest request, SubJob subJob, ErpExportResult result)
    {
        var now = time.GetUtcNow().UtcDateTime;
        switch (result)
        {
            case ErpExportResult.Succeeded success:
                request.Succeed(success.ErpRecordId, now);
                subJob.MarkExported(success.ErpRecordId, now);
                break;
            case ErpExportResult.Failed { IsTransient: true } failure when request.Attempts < options.MaxAttempts:
                request.ScheduleRetry(Join(failure.Messages), now + RetryDelay(request.Attempts));
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

    /// <summary>
    /// Calls the ERP, giving up <see cref="ExportOptions.LeaseMarginSeconds"/> before the lease ends so that the
    /// outcome is saved while the request is still ours; a call cut short that way is a transient failure (the
    /// connector looks our reference up first, so a record the ERP wrote anyway is found on the next attempt).
    /// </summary>
    private async Task<ErpExportResult> CallErpAsync(Company company, ErpRequest request, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        var timeLimit = leaseUntil.AddSeconds(-options.LeaseMarginSeconds) - time.GetUtcNow().UtcDateTime;
        using var timeout = new CancellationTokenSource(timeLimit > TimeSpan.Zero ? timeLimit : TimeSpan.Zero, time);
        using var callCancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await connectors.For(company).ExportSubJobAsync(request.ReadPayload(), callCancelled.Token);
        }
        catch (DomainRuleException ex)
        {
            return ErpExportResult.Permanent(ex.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var allowed = options.LeaseSeconds - options.LeaseMarginSeconds;
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

    /// <summary>Exponential backoff with ±20 % jitter, so retries of many requests do not arrive together.</summary>
    internal TimeSpan RetryDelay(int attempt)
    {
        var exponential = options.BaseRetryDelaySeconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, options.MaxRetryDelaySeconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromSeconds(capped * jitter);
    }

    private static string Join(IReadOnlyList<string> messages) => string.Join(Environment.NewLine, messages);
}

/// <summary>Runs exporters until the app stops: woken by <see cref="ExportSignal"/>, polling as a fallback.</summary>
internal sealed class ExporterService(Exporter exporter, ExportSignal signal, ExportOptions options, ILogger<ExporterService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => LoopAsync(stoppingToken)));

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
                    signal.Notify();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The exporter failed; it will try again.");
            }

            await signal.WaitAsync(TimeSpan.FromSeconds(options.PollSeconds), stoppingToken);
        }
    }
}
