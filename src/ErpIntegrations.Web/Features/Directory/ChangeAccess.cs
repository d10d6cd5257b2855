using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.Directory;

// Sets a user's ERP Integrations level and Directory Admin flag; the company keeps at least one Directory Admin.
internal static class ChangeAccess
{
    internal sealed record Command(Guid UserId, PermissionLevel ErpIntegrationsLevel, bool IsDirectoryAdmin);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            if (!Enum.IsDefined(command.ErpIntegrationsLevel))
            {
                throw new InputException("ErpIntegrationsLevel", "Choose None, Read Only, Standard or Admin.");
            }

            var user = await DirectoryAdmin.UserAsync(db, actor, command.UserId, cancellationToken);
            await DirectoryAdmin.GuardDirectoryAsync(db, actor.CompanyId, cancellationToken);
            var others = await DirectoryAdmin.OtherActiveDirectoryAdminsAsync(db, user, cancellationToken);
            user.ChangeAccess(command.ErpIntegrationsLevel, command.IsDirectoryAdmin, others, await DirectoryAdmin.OtherGrantersAsync(db, user, cancellationToken), actor);
            await db.SaveChangesAsync(cancellationToken);
            return user.DisplayName;
        }
    }

    internal sealed record Body(PermissionLevel? ErpIntegrationsLevel, bool? IsDirectoryAdmin);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPut("/directory/users/{userId:guid}/access", async (Guid userId, Body? body, Handler change, UserDetails.Handler details, CancellationToken cancellationToken) =>
            {
                var errors = new InputErrors();
                var level = body?.ErpIntegrationsLevel;
                var directoryAdmin = body?.IsDirectoryAdmin;
                if (level is null)
                {
                    errors.Add("erpIntegrationsLevel", "Choose none, read_only, standard or admin.");
                }

                if (directoryAdmin is null)
                {
                    errors.Add("isDirectoryAdmin", "Say true or false.");
                }

                errors.ThrowIfAny();
                await change.HandleAsync(new Command(userId, level.GetValueOrDefault(), directoryAdmin.GetValueOrDefault()), cancellationToken);
                return await details.HandleAsync(new UserDetails.Query(userId), cancellationToken);
            })
            .WithName("ChangeDirectoryUserAccess")
            .RequireAuthorization(Permissions.ManageDirectory)
            .WithTags("Company Directory")
            .WithSummary("Set a user's ERP Integrations level and Directory Admin flag; the company keeps at least one Directory Admin. Needs a Directory Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
