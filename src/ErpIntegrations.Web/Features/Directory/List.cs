using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Directory;

// The Company Directory: the people of the signed-in person's company, never another's.
internal static class List
{
    internal sealed record Result(bool CanGrantApproverPrivileges, bool CanManageDirectory, IReadOnlyList<Row> Items);

    internal sealed record Row(Guid Id, string Name, string Email, PermissionLevel ErpIntegrationsLevel, bool IsDirectoryAdmin, bool CanPushToAccounting, bool IsActive)
    {
        // Holds the privilege and a level that lets them use it: only then can they accept or reject.
        public bool IsAccountingApprover => Access.CanApprove(ErpIntegrationsLevel, CanPushToAccounting);
    }

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<Result> HandleAsync(CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            // Users carry no tenant query filter (sign-in must find them), so the company is filtered here.
            var users = await db.Users.AsNoTracking()
                .Where(u => u.CompanyId == actor.CompanyId)
                .OrderBy(u => u.DisplayName)
                .Select(u => new Row(u.Id, u.DisplayName, u.Email ?? "", u.ErpIntegrationsLevel, u.IsDirectoryAdmin, u.CanPushToAccounting, u.IsActive))
                .ToListAsync(cancellationToken);
            return new Result(Access.CanGrantApproverPrivileges(actor), Access.CanManageDirectory(actor), users);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/directory/users", (Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(cancellationToken))
            .WithName("ListDirectoryUsers")
            .RequireAuthorization(Permissions.ViewDirectory)
            .WithTags("Company Directory")
            .WithSummary("The Company Directory: each user's ERP Integrations level, Directory Admin and 'Can Push to Accounting'.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
