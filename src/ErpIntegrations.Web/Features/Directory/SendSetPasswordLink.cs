using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.Directory;

/// <summary>Sends a user a new one-time set-password link (a lost or expired one, or a forgotten password).</summary>
internal static class SendSetPasswordLink
{
    internal sealed record Command(Guid UserId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, SetPasswordLinks links)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await DirectoryAdmin.RequireAsync(currentUser, cancellationToken);
            var user = await DirectoryAdmin.UserAsync(db, actor, command.UserId, cancellationToken);
            if (!user.IsActive)
            {
                throw new DomainRuleException($"{user.DisplayName} is deactivated. Reactivate the account before sending a set-password link.");
            }

            await links.AddAsync(db, user, actor, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return user.Email ?? "";
        }
    }
}
