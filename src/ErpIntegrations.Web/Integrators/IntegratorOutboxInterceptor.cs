using System.Runtime.CompilerServices;
using System.Text.Json;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Integrators;

// In the same SaveChanges as their cause: hands every new ERP request of a company whose ERP is written by an integrator
// to that integrator (so that the exporter never claims it), and writes the webhook events of such companies to the
// outbox (a new request or Retry, a rejection, Synced, Failed to Export). After commit (of the save, or of the transaction
// it is part of, as Accept's), long-polling claims are woken.
internal sealed class IntegratorOutboxInterceptor(ErpConnectors connectors, IntegratorSignal signal, AfterCommit afterCommit, TimeProvider time, ILogger<IntegratorOutboxInterceptor> logger) : SaveChangesInterceptor
{
    public const string Created = "erp_request.created";
    public const string Synced = "erp_request.synced";
    public const string Failed = "erp_request.failed";
    public const string Rejected = "sub_job.rejected";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConditionalWeakTable<DbContext, object> _handedOver = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db)
        {
            await RouteAsync(db, id => db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken));
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db)
        {
            RouteAsync(db, id => Task.FromResult(db.Companies.AsNoTracking().SingleOrDefault(c => c.Id == id))).GetAwaiter().GetResult();
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        WakeClaims(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WakeClaims(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    // A failed save hands nothing over (the context, from the pool, serves another scope next).
    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        Forget(eventData.Context);
        base.SaveChangesFailed(eventData);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _handedOver.Remove(context);
        }
    }

    private void WakeClaims(DbContext? context)
    {
        if (context is null || !_handedOver.TryGetValue(context, out _))
        {
            return;
        }

        _handedOver.Remove(context);
        afterCommit.Run(context, signal.Notify);
    }

    private async Task RouteAsync(AppDbContext db, Func<Guid, Task<Company?>> loadCompany)
    {
        var requests = db.ChangeTracker.Entries<ErpRequest>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var events = db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.Action is AuditAction.Rejected or AuditAction.Exported or AuditAction.ExportFailed)
            .Select(e => e.Entity)
            .ToList();
        if (requests.Count == 0 && events.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var companyId in requests.Select(r => r.CompanyId).Concat(events.Select(e => e.CompanyId)).Distinct())
        {
            if (await IntegratorOfAsync(companyId, loadCompany) is not { } integrator)
            {
                continue;
            }

            foreach (var request in requests.Where(r => r.CompanyId == companyId))
            {
                request.HandToIntegrator();
                _handedOver.AddOrUpdate(db, request);
                Announce(db, integrator, Created, companyId, request.Id, request.SubJobId, now);
            }

            foreach (var entry in events.Where(e => e.CompanyId == companyId))
            {
                var request = db.ChangeTracker.Entries<ErpRequest>().Select(e => e.Entity).FirstOrDefault(r => r.SubJobId == entry.SubJobId && r.ViaIntegrator);
                var type = entry.Action switch
                {
                    AuditAction.Rejected => Rejected,
                    AuditAction.Exported => Synced,
                    _ => Failed,
                };
                Announce(db, integrator, type, companyId, request?.Id, entry.SubJobId, now);
            }
        }
    }

    private async Task<IErpIntegrator?> IntegratorOfAsync(Guid companyId, Func<Guid, Task<Company?>> loadCompany)
    {
        if (await loadCompany(companyId) is not { } company)
        {
            return null;
        }

        try
        {
            return connectors.For(company) as IErpIntegrator;
        }
        catch (DomainRuleException ex)
        {
            logger.LogWarning("Company {CompanyId}'s connector cannot be made: {Problem}", companyId, ex.Message);
            return null;
        }
    }

    private static void Announce(AppDbContext db, IErpIntegrator integrator, string type, Guid companyId, Guid? erpRequestId, Guid subJobId, DateTime now)
    {
        if (integrator.WebhookUrl is not { } url)
        {
            return;
        }

        var eventId = "evt_" + Guid.CreateVersion7(now).ToString("N");
        var body = JsonSerializer.Serialize(
            new WebhookEvent(eventId, type, now, new WebhookEventData(erpRequestId, companyId, subJobId)),
            Json);
        db.WebhookDeliveries.Add(new WebhookDelivery(eventId, companyId, type, erpRequestId, subJobId, url.ToString(), body, now));
    }
}

// The body of every webhook: what happened (type), to which ERP request and sub job of which company, and when.
internal sealed record WebhookEvent(string Id, string Type, DateTime CreatedAt, WebhookEventData Data);

internal sealed record WebhookEventData(Guid? ErpRequestId, Guid CompanyId, Guid SubJobId);
