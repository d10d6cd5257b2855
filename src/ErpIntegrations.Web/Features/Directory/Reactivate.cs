using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.Directory;

/// <summary>Lets a deactivated user sign in again, with the password they had.</summary>
internal static class Reactivate
{
    internal sealed record Command(Guid UserId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await DirectoryAdmin.RequireAsync(currentUser, cancellationToken);
            var user = await DirectoryAdmin.UserAsync(db, actor, command.UserId, cancellationToken);
            user.Reactivate(actor);
            await db.SaveChangesAsync(cancellationToken);
            return user.DisplayName;
        }
    }
}
