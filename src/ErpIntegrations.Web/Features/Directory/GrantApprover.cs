using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Directory;

/// <summary>Grant Accounting Approver Privileges: sets or clears 'Can Push to Accounting' on a user.</summary>
internal static class GrantApprover
{
    internal sealed record Command(Guid UserId, bool CanPushToAccounting);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            if (!Access.CanGrantApproverPrivileges(actor))
            {
                throw new ForbiddenException("Only a Directory Admin who has the 'Can Push to Accounting' privilege can grant accounting approver privileges.");
            }

            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == command.UserId && u.CompanyId == actor.CompanyId, cancellationToken)
                ?? throw new NotFoundException("The user");
            user.SetAccountingApprover(command.CanPushToAccounting, actor);
            await db.SaveChangesAsync(cancellationToken);
            return user.DisplayName;
        }
    }
}
