using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Notifications;

internal static class List
{
    internal sealed record Row(DateTime CreatedAt, EmailKind Kind, string To, string Subject, EmailStatus Status, int Attempts, DateTime? SentAt, DateTime NextAttemptAt, string? LastError);

    internal sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken cancellationToken)
        {

            return await db.OutboxEmails.AsNoTracking()
                .OrderByDescending(e => e.CreatedAt)
                .Take(200)
                .Select(e => new Row(e.CreatedAt, e.Kind, e.ToName + " <" + e.ToAddress + ">", e.Subject, e.Status, e.Attempts, e.SentAt, e.NextAttemptAt, e.LastError))
                .ToListAsync(cancellationToken);
        }
    }
}
