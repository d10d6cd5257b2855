using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Account;

// The signed-in person's personal access tokens, newest first; never their secrets.
public static class ListTokens
{
    public sealed record Row(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt, bool IsActive);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, TimeProvider time)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var tokens = await db.ApiTokens.AsNoTracking()
                .Where(t => t.UserId == actor.UserId)
                .OrderByDescending(t => t.CreatedAt)
                .ToListAsync(cancellationToken);
            return [.. tokens.Select(t => new Row(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.IsActiveAt(now)))];
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/tokens", (Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(cancellationToken))
            .WithName("ListTokens")
            .RequireAuthorization(Permissions.SignedIn)
            .WithTags("Tokens")
            .WithSummary("Your personal access tokens (name, prefix, created, last used, revoked).");
}
