using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Webhooks;

// Sends a delivery again from now (a new delivery window), whatever became of it: after the receiver was fixed.
internal static class Redeliver
{
    internal sealed class Handler(AppDbContext db, TimeProvider time)
    {
        public async Task<string> HandleAsync(Guid id, CancellationToken cancellationToken)
        {
            var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == id, cancellationToken)
                ?? throw new NotFoundException("The webhook delivery");
            delivery.Redeliver(time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return delivery.EventId;
        }
    }
}
