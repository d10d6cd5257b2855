using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.Directory;

/// <summary>Sets a user's ERP Integrations level and Directory Admin flag; the company keeps at least one Directory Admin.</summary>
internal static class ChangeAccess
{
    internal sealed record Command(Guid UserId, PermissionLevel ErpIntegrationsLevel, bool IsDirectoryAdmin);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await DirectoryAdmin.RequireAsync(currentUser, cancellationToken);
            if (!Enum.IsDefined(command.ErpIntegrationsLevel))
            {
                throw new InputException("ErpIntegrationsLevel", "Choose None, Read Only, Standard or Admin.");
            }

            var user = await DirectoryAdmin.UserAsync(db, actor, command.UserId, cancellationToken);
            var others = await DirectoryAdmin.OtherActiveDirectoryAdminsAsync(db, user, cancellationToken);
            user.ChangeAccess(command.ErpIntegrationsLevel, command.IsDirectoryAdmin, others, await DirectoryAdmin.OtherGrantersAsync(db, user, cancellationToken), actor);
            await db.SaveChangesAsync(cancellationToken);
            return user.DisplayName;
        }
    }
}
