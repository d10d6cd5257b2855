using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Webhooks;

// The company's latest webhook deliveries, newest first, each with every attempt and what the receiver answered.
internal static class List
{
    public const int Limit = 100;

    internal sealed record Attempt(int Number, DateTime At, int? StatusCode, string? Error, int DurationMs);

    internal sealed record Row(Guid Id, string EventId, string Type, Guid? ErpRequestId, string Url, WebhookStatus Status, DateTime CreatedAt, DateTime? NextAttemptAt, DateTime? DeliveredAt, int? LastStatusCode, string? LastError, IReadOnlyList<Attempt> Attempts);

    internal sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken cancellationToken)
        {
            var deliveries = await db.WebhookDeliveries.AsNoTracking()
                .Include(d => d.AttemptLog)
                .OrderByDescending(d => d.CreatedAt)
                .Take(Limit)
                .ToListAsync(cancellationToken);
            return [.. deliveries.Select(d => new Row(
                d.Id,
                d.EventId,
                d.Type,
                d.ErpRequestId,
                d.Url,
                d.Status,
                d.CreatedAt,
                d.Status == WebhookStatus.Pending ? d.NextAttemptAt : null,
                d.DeliveredAt,
                d.LastStatusCode,
                d.LastError,
                [.. d.AttemptLog.OrderBy(a => a.Number).Select(a => new Attempt(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs))]))];
        }
    }
}
