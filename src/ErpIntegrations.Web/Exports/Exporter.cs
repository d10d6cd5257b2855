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
        while (!cancellationToken.IsCancellationRequested && await TryExportNextAsync(cancellationToken))
        {
            handled++;
        }

        return handled;
    }

    /// <summary>Claims one due request and exports it; false when nothing is due.</summary>
    public async Task<bool> TryExportNextAsync(CancellationToken cancellationToken = default)
    {
        var claim = await TryClaimAsync(cancellationToken);
        if (claim is null)
        {
            return false;
        }

        await ExportAsync(claim.Value.RequestId, claim.Value.LeaseToken, cancellationToken);
        return true;
    }

    internal async Task<(Guid RequestId, Guid LeaseToken)?> TryClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await Due(db, now)
            .OrderBy(r => r.NextAttemptAt)
            .Select(r => r.Id)
            .Take(16)
            .ToListAsync(cancellationToken);

        // Start at a random candidate so that competing workers rarely race for the same row.
        var offset = candidates.Count == 0 ? 0 : Random.Shared.Next(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var id = candidates[(offset + i) % candidates.Count];
            var token = Guid.NewGuid();
            var leaseUntil = now.AddSeconds(options.LeaseSeconds);
            var claimed = await Due(db, now)
                .Where(r => r.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseToken, token).SetProperty(r => r.LeaseExpiresAt, leaseUntil), cancellationToken);
            if (claimed == 1)
            {
                return (id, token);
            }
        }

        return null;
    }

    private static IQueryable<ErpRequest> Due(AppDbContext db, DateTime now) =>
        db.ErpRequests.IgnoreQueryFilters().Where(r =>
            r.Status == ErpRequestStatus.InProgress
            && r.NextAttemptAt <= now
            && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now));

    private async Task ExportAsync(Guid requestId, Guid leaseToken, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var request = await db.ErpRequests.IgnoreQueryFilters().SingleAsync(r => r.Id == requestId, cancellationToken);
        if (request.LeaseToken != leaseToken)
        {
            return;
        }

        var subJob = await db.SubJobs.IgnoreQueryFilters()
            .Include(s => s.Project)
            .SingleAsync(s => s.Id == request.SubJobId, cancellationToken);
        var company = await db.Companies.SingleAsync(c => c.Id == request.CompanyId, cancellationToken);

        var result = await CallErpAsync(company, request, cancellationToken);
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

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Our lease ran out and another worker took the request over; its outcome is the one that counts.
            logger.LogWarning("Lost the lease on ERP request {RequestId}; another exporter is recording its outcome.", requestId);
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
                while (await exporter.TryExportNextAsync(stoppingToken))
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
