using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Features.Account;

namespace ErpIntegrations.Web.Features.Directory;

// Deactivates a user: they can no longer sign in, their open sessions stop working at their next request,
// their API tokens are revoked in the same save (so reactivating them does not bring old tokens back), and
// everything they did stays in the history under their name.
internal static class Deactivate
{
    internal sealed record Command(Guid UserId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, TimeProvider time)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var user = await DirectoryAdmin.UserAsync(db, actor, command.UserId, cancellationToken);
            await DirectoryAdmin.GuardDirectoryAsync(db, actor.CompanyId, cancellationToken);
            var others = await DirectoryAdmin.OtherActiveDirectoryAdminsAsync(db, user, cancellationToken);
            user.Deactivate(others, await DirectoryAdmin.OtherGrantersAsync(db, user, cancellationToken), actor);
            await RevokeAllTokens.OfAsync(db, user.Id, time.GetUtcNow().UtcDateTime, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return user.DisplayName;
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/directory/users/{userId:guid}/deactivate", async (Guid userId, Handler deactivate, UserDetails.Handler details, CancellationToken cancellationToken) =>
            {
                await deactivate.HandleAsync(new Command(userId), cancellationToken);
                return await details.HandleAsync(new UserDetails.Query(userId), cancellationToken);
            })
            .WithName("DeactivateDirectoryUser")
            .RequireAuthorization(Permissions.ManageDirectory)
            .WithTags("Company Directory")
            .WithSummary("Deactivate a user: they can no longer sign in, their tokens are revoked, and their history stays. Needs a Directory Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
