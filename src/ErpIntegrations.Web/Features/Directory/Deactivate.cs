using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.Directory;

/// <summary>
/// Deactivates a user: they can no longer sign in, their open sessions and tokens stop working at their next
/// request, and everything they did stays in the history under their name.
/// </summary>
internal static class Deactivate
{
    internal sealed record Command(Guid UserId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await DirectoryAdmin.RequireAsync(currentUser, cancellationToken);
            var user = await DirectoryAdmin.UserAsync(db, actor, command.UserId, cancellationToken);
            var others = await DirectoryAdmin.OtherActiveDirectoryAdminsAsync(db, user, cancellationToken);
            user.Deactivate(others, await DirectoryAdmin.OtherGrantersAsync(db, user, cancellationToken), actor);
            await db.SaveChangesAsync(cancellationToken);
            return user.DisplayName;
        }
    }
}
