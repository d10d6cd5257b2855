using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Account;

// A person's API tokens end with the password they were made under, and with the account: setting or resetting the
// password and deactivating revoke them all. The caller's save commits the revocations with their cause.
internal static class RevokeAllTokens
{
    public static async Task OfAsync(AppDbContext db, Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var token in await db.ApiTokens.IgnoreQueryFilters().Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(cancellationToken))
        {
            token.Revoke(now);
        }
    }
}
