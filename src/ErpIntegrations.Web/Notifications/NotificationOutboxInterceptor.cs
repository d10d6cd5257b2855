using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Notifications;

// Turns the audit entries that call for an email (a rejection, a failed export) into outbox rows in the
// same SaveChanges — so every path that rejects or fails a sub job (page, API, bulk, exporter) mails, and
// an email exists exactly when its cause was committed.
internal sealed class NotificationOutboxInterceptor(EmailComposer composer) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db && !db.WithoutNotifications)
        {
            foreach (var entry in Triggers(db))
            {
                if (await ComposeAsync(db, entry, cancellationToken) is { } email)
                {
                    db.OutboxEmails.Add(email);
                }
            }
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db && !db.WithoutNotifications && Triggers(db).Count > 0)
        {
            throw new InvalidOperationException("Save a rejection or a failed export with SaveChangesAsync, so that its email is written in the same transaction.");
        }

        return result;
    }

    private static List<AuditEntry> Triggers(AppDbContext db) =>
        [.. db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.Action is AuditAction.Rejected or AuditAction.ExportFailed)
            .Select(e => e.Entity)];

    private async Task<OutboxEmail?> ComposeAsync(AppDbContext db, AuditEntry entry, CancellationToken cancellationToken)
    {
        var subJob = db.ChangeTracker.Entries<SubJob>().Select(e => e.Entity).FirstOrDefault(s => s.Id == entry.SubJobId);
        var recipientId = entry.Action == AuditAction.Rejected ? subJob?.LastSentById : subJob?.AcceptedById;
        if (subJob is null || recipientId is null)
        {
            return null;
        }

        var recipient = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == recipientId, cancellationToken);
        if (recipient?.Email is null)
        {
            return null;
        }

        var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == subJob.CompanyId, cancellationToken);
        var project = await db.Projects.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == subJob.ProjectId, cancellationToken);
        return entry.Action == AuditAction.Rejected
            ? composer.Rejection(company, project, subJob, recipient, entry)
            : composer.ExportFailed(company, project, subJob, recipient, entry);
    }
}
