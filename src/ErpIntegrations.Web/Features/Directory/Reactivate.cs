using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.Directory;

// Lets a deactivated user sign in again, with the password they had.
internal static class Reactivate
{
    internal sealed record Command(Guid UserId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var user = await DirectoryAdmin.UserAsync(db, actor, command.UserId, cancellationToken);
            user.Reactivate(actor);
            await db.SaveChangesAsync(cancellationToken);
            return user.DisplayName;
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/directory/users/{userId:guid}/reactivate", async (Guid userId, Handler reactivate, UserDetails.Handler details, CancellationToken cancellationToken) =>
            {
                await reactivate.HandleAsync(new Command(userId), cancellationToken);
                return await details.HandleAsync(new UserDetails.Query(userId), cancellationToken);
            })
            .WithName("ReactivateDirectoryUser")
            .RequireAuthorization(Permissions.ManageDirectory)
            .WithTags("Company Directory")
            .WithSummary("Let a deactivated user sign in again, with the password they had. Needs a Directory Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
