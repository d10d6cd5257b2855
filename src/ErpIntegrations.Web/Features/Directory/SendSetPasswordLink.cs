using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.Directory;

// Sends a user a new one-time set-password link (a lost or expired one, or a forgotten password).
internal static class SendSetPasswordLink
{
    internal sealed record Command(Guid UserId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, SetPasswordLinks links)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
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

    internal sealed record ApiResult(Guid UserId, string Email);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/directory/users/{userId:guid}/set-password-link", async (Guid userId, Handler send, CancellationToken cancellationToken) =>
                TypedResults.Accepted((string?)null, new ApiResult(userId, await send.HandleAsync(new Command(userId), cancellationToken))))
            .WithName("SendSetPasswordLink")
            .RequireAuthorization(Permissions.ManageDirectory)
            .WithTags("Company Directory")
            .WithSummary("Email a user a new one-time link to set their password. Needs a Directory Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
