using System.Diagnostics.Metrics;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Observability;

// The product's own meter. The counter and histogram are updated by the exporter; the gauges read one snapshot of the
// queues, taken from the database at most every SnapshotAge however often they are scraped.
public sealed class ExportMetrics
{
    public const string MeterName = "ErpIntegrations";
    private static readonly TimeSpan SnapshotAge = TimeSpan.FromSeconds(15);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly Counter<long> _exports;
    private readonly Histogram<double> _latency;
    private readonly Lock _gate = new();
    private QueueSnapshot? _snapshot;

    public ExportMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider time)
    {
        _scopes = scopes;
        _time = time;
        var meter = meters.Create(MeterName);
        _exports = meter.CreateCounter<long>("erp_integrations.exports", "{export}", "Export attempts by outcome: synced, failed or retried.");
        _latency = meter.CreateHistogram<double>(
            "erp_integrations.export.latency", "s", "Time from Accept to Synced.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });
        meter.CreateObservableGauge("erp_integrations.erp_requests.pending", () => Snapshot().ErpPending, "{request}", "ERP requests waiting for an exporter.");
        meter.CreateObservableGauge("erp_integrations.erp_requests.in_flight", () => Snapshot().ErpInFlight, "{request}", "ERP requests an exporter holds a lease on.");
        meter.CreateObservableGauge("erp_integrations.erp_requests.failed", () => Snapshot().ErpFailed, "{request}", "ERP requests that ended Failed.");
        meter.CreateObservableGauge("erp_integrations.erp_requests.oldest_pending_age", () => Snapshot().OldestPendingAge, "s", "Age of the oldest ERP request not yet done.");
        meter.CreateObservableGauge("erp_integrations.emails.pending", () => Snapshot().EmailsPending, "{email}", "Emails waiting to be sent.");
        meter.CreateObservableGauge("erp_integrations.emails.failed", () => Snapshot().EmailsFailed, "{email}", "Emails that could not be sent.");
    }

    public void Synced(DateTime acceptedAt, DateTime now)
    {
        _exports.Add(1, new KeyValuePair<string, object?>("outcome", "synced"));
        _latency.Record(Math.Max(0, (now - acceptedAt).TotalSeconds));
    }

    public void Failed() => _exports.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));

    public void Retried() => _exports.Add(1, new KeyValuePair<string, object?>("outcome", "retried"));

    private QueueSnapshot Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow().UtcDateTime;
            if (_snapshot is null || now - _snapshot.TakenAt >= SnapshotAge)
            {
                _snapshot = Read(now);
            }

            return _snapshot;
        }
    }

    private QueueSnapshot Read(DateTime now)
    {
        try
        {
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var requests = db.ErpRequests.IgnoreQueryFilters().AsNoTracking();
            var open = requests.Where(r => r.Status == ErpRequestStatus.InProgress);
            var inFlight = open.Count(r => r.LeaseExpiresAt != null && r.LeaseExpiresAt >= now);
            var pending = open.Count() - inFlight;
            var oldest = open.OrderBy(r => r.CreatedAt).Select(r => (DateTime?)r.CreatedAt).FirstOrDefault();
            var failed = requests.Count(r => r.Status == ErpRequestStatus.Failed);
            var emails = db.OutboxEmails.IgnoreQueryFilters().AsNoTracking();
            return new QueueSnapshot(
                now,
                pending,
                inFlight,
                failed,
                oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0,
                emails.Count(e => e.Status == EmailStatus.Pending),
                emails.Count(e => e.Status == EmailStatus.Failed));
        }
        catch (Exception) when (_snapshot is not null)
        {
            return _snapshot with { TakenAt = now };
        }
    }

    private sealed record QueueSnapshot(DateTime TakenAt, int ErpPending, int ErpInFlight, int ErpFailed, double OldestPendingAge, int EmailsPending, int EmailsFailed);
}
