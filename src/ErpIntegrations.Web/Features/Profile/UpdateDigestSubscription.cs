using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Profile;

internal static class UpdateDigestSubscription
{
    internal sealed record Command(bool Subscribe);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var user = await db.Users.SingleAsync(u => u.Id == actor.UserId, cancellationToken);
            user.SubscribeToDigest = command.Subscribe;
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
