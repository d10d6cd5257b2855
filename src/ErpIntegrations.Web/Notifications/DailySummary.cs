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
        foreach (var company in await db.Companies.AsNoTracking().ToListAsync(cancellationToken))
        {
            written += await WriteForCompanyAsync(db, company, now, cancellationToken);
        }

        return written;
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
