using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpConnection;

internal static class ConnectionAdmin
{
    public static async Task<(Actor Actor, Company Company)> CompanyAsync(AppDbContext db, CurrentUser currentUser, CancellationToken cancellationToken)
    {
        var actor = await currentUser.GetActorAsync(cancellationToken);
        return (actor, await db.Companies.SingleAsync(c => c.Id == actor.CompanyId, cancellationToken));
    }

    public static Task<int> ExportsInProgressAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.ErpRequests.CountAsync(r => r.Status == ErpRequestStatus.InProgress, cancellationToken);
}
