using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpConnection;

internal static class ConnectionAdmin
{
    public static Task<int> ExportsInProgressAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.ErpRequests.CountAsync(r => r.Status == ErpRequestStatus.InProgress, cancellationToken);
}
