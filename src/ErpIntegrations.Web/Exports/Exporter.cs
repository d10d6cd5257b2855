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

    private async Task ExportAsync(IReadOnlyList<Guid> requestIds, Guid leaseToken, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var requests = await db.ErpRequests.IgnoreQueryFilters()
            .Where(r => requestIds.Contains(r.Id) && r.LeaseToken == leaseToken)
            .OrderBy(r => r.NextAttemptAt)
            .ToListAsync(cancellationToken);
        var subJobIds = requests.Select(r => r.SubJobId).ToList();
        var subJobs = await db.SubJobs.IgnoreQueryFilters()
            .Where(s => subJobIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var companyIds = requests.Select(r => r.CompanyId).Distinct().ToList();
        var companies = await db.Companies.Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        foreach (var request in requests)
        {
            var result = await CallErpAsync(companies[request.CompanyId], request, cancellationToken);
            try
            {
                Record(request, subJobs[request.SubJobId], result);
            }
            catch (DomainRuleException ex)
            {
                logger.LogError("ERP request {RequestId} cannot be recorded on its sub job: {Reason}", request.Id, ex.Message);
                request.Fail($"The outcome could not be recorded on the sub job: {ex.Message}", time.GetUtcNow().UtcDateTime);
            }
        }

        try
        {
            // One save for the batch: a crash before it loses only our record of the outcomes, and the
            // ERP's idempotent export turns the re-run after the lease expires into the same outcomes.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Our lease ran out and another worker took requests over; their outcome is the one that counts.
            logger.LogWarning("Lost the lease on a batch of {Count} ERP requests; another exporter is recording them.", requests.Count);
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
            case ErpExportResult.Failed { IsTransient: true } failure when request.Attempts + 1 < options.MaxAttempts:
                request.ScheduleRetry(Join(failure.Messages), now + RetryDelay(request.Attempts + 1));
                break;
            case ErpExportResult.Failed failure:
                var messages = failure.IsTransient
                    ? $"Gave up after {request.Attempts + 1} attempts. {Join(failure.Messages)}"
                    : Join(failure.Messages);
                request.Fail(messages, now);
                subJob.MarkExportFailed(messages, now);
                break;
        }
    }

    private async Task<ErpExportResult> CallErpAsync(Company company, ErpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await connectors.For(company).ExportSubJobAsync(request.ReadPayload(), cancellationToken);
        }
        catch (DomainRuleException ex)
        {
            return ErpExportResult.Permanent(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Exporting ERP request {RequestId} failed unexpectedly; it will be retried.", request.Id);
            return ErpExportResult.Transient($"The ERP could not be reached: {ex.Message}");
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
