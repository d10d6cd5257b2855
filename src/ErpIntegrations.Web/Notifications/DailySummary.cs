using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Notifications;

// "ERP Integrations Daily Summary": once a day per company, from the configured hour, to each subscribed
// accounting approver — only while sub jobs wait for them. A unique key per approver and day keeps two
// runs (or two processes) from writing it twice.
public sealed class DailySummary(IServiceScopeFactory scopes, EmailComposer composer, IOptions<EmailOptions> options, TimeProvider time, ILogger<DailySummary> logger)
{
    private static readonly SubJobState[] Waiting = [SubJobState.ReadyToExport, SubJobState.FailedToExport];

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now.Hour < options.Value.DailySummaryHourUtc)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var written = 0;
        var due = await DueCompanies(db, now).ToListAsync(cancellationToken);
        foreach (var company in await db.Companies.AsNoTracking().Where(c => due.Contains(c.Id)).ToListAsync(cancellationToken))
        {
            written += await WriteForCompanyAsync(db, company, now, cancellationToken);
        }

        return written;
    }

    // One query, run every minute: the companies where a subscribed approver has no summary yet today (by its unique
    // key) while sub jobs wait. Once every summary of the day is written it finds none, whatever the number of companies.
    internal static IQueryable<Guid> DueCompanies(AppDbContext db, DateTime now)
    {
        var prefix = "daily-summary:";
        var day = $":{now:yyyy-MM-dd}";
        return db.Users.IgnoreQueryFilters()
            .Where(u => u.IsActive && u.SubscribeToDigest && u.CanPushToAccounting
                && db.SubJobs.IgnoreQueryFilters().Any(s => s.CompanyId == u.CompanyId && Waiting.Contains(s.State))
                && !db.OutboxEmails.IgnoreQueryFilters().Any(e => e.DedupKey == prefix + u.Id.ToString().Replace("-", "").ToLower() + day))
            .Select(u => u.CompanyId)
            .Distinct();
    }

    private async Task<int> WriteForCompanyAsync(AppDbContext db, Company company, DateTime now, CancellationToken cancellationToken)
    {
        var subJobs = db.SubJobs.IgnoreQueryFilters().Where(s => s.CompanyId == company.Id && Waiting.Contains(s.State));
        var counts = await subJobs.GroupBy(s => s.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var ready = counts.Where(c => c.State == SubJobState.ReadyToExport).Sum(c => c.Count);
        var failed = counts.Where(c => c.State == SubJobState.FailedToExport).Sum(c => c.Count);
        if (ready + failed == 0)
        {
            return 0;
        }

        var approvers = (await db.Users.AsNoTracking()
                .Where(u => u.CompanyId == company.Id && u.IsActive && u.SubscribeToDigest && u.CanPushToAccounting)
                .ToListAsync(cancellationToken))
            .Where(u => Access.CanApprove(u.ToActor()))
            .ToList();
        if (approvers.Count == 0)
        {
            return 0;
        }

        var oldest = (await subJobs.OrderBy(s => s.LastSentAt).Take(5)
                .Select(s => new { s.Project.Number, s.Project.Name, s.Code, s.Description, s.State, s.LastSentAt })
                .ToListAsync(cancellationToken))
            .Select(s => ($"{s.Number} {s.Name}", s.Code, s.Description, s.State, s.LastSentAt))
            .ToList();
        var written = 0;
        foreach (var approver in approvers)
        {
            var email = composer.DailySummary(company, approver, ready, failed, oldest, now);
            if (await db.OutboxEmails.IgnoreQueryFilters().AnyAsync(e => e.DedupKey == email.DedupKey, cancellationToken))
            {
                continue;
            }

            db.OutboxEmails.Add(email);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                written++;
            }
            catch (DbUpdateException)
            {
                // Another process wrote the same summary a moment ago: the unique key kept it single.
                db.ChangeTracker.Clear();
                logger.LogInformation("The daily summary for {Approver} was already written.", approver.Id);
            }
        }

        return written;
    }
}
