using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpConnection;

internal static class ConnectionAdmin
{
    public static async Task<Actor> RequireAsync(CurrentUser currentUser, CancellationToken cancellationToken)
    {
        var actor = await currentUser.GetActorAsync(cancellationToken);
        if (!Access.CanConfigureErpConnection(actor))
        {
            throw new ForbiddenException("Only an ERP Integrations Admin can configure the company's ERP connection.");
        }

        return actor;
    }

    public static Task<int> ExportsInProgressAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.ErpRequests.CountAsync(r => r.Status == ErpRequestStatus.InProgress, cancellationToken);
}
