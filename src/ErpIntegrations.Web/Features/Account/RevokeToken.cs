using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Account;

// Revokes one of the signed-in person's tokens; it stops working at once.
public static class RevokeToken
{
    public sealed record Command(Guid TokenId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, TimeProvider time)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == command.TokenId && t.UserId == actor.UserId, cancellationToken)
                ?? throw new NotFoundException("The token");
            token.Revoke(time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return token.Name;
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapDelete("/tokens/{tokenId:guid}", async (Guid tokenId, Handler handler, CancellationToken cancellationToken) =>
            {
                await handler.HandleAsync(new Command(tokenId), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("RevokeToken")
            .RequireAuthorization(Permissions.SignedIn)
            .WithTags("Tokens")
            .WithSummary("Revoke one of your tokens.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
