using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Directory;

// Grant Accounting Approver Privileges: sets or clears 'Can Push to Accounting' on a user.
internal static class GrantApprover
{
    internal sealed record Command(Guid UserId, bool CanPushToAccounting);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == command.UserId && u.CompanyId == actor.CompanyId, cancellationToken)
                ?? throw new NotFoundException("The user");
            await DirectoryAdmin.GuardDirectoryAsync(db, actor.CompanyId, cancellationToken);
            user.SetAccountingApprover(command.CanPushToAccounting, await DirectoryAdmin.OtherGrantersAsync(db, user, cancellationToken), actor);
            await db.SaveChangesAsync(cancellationToken);
            return user.DisplayName;
        }
    }

    internal sealed record Body(bool? CanPushToAccounting);

    internal sealed record ApiResult(Guid Id, string Name, bool CanPushToAccounting);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPut("/directory/users/{userId:guid}/accounting-approver", async (Guid userId, Body? body, Handler grant, CancellationToken cancellationToken) =>
            {
                if (body?.CanPushToAccounting is not { } canPush)
                {
                    throw new InputException("canPushToAccounting", "Say true to grant accounting approver privileges or false to revoke them.");
                }

                var name = await grant.HandleAsync(new Command(userId, canPush), cancellationToken);
                return new ApiResult(userId, name, canPush);
            })
            .WithName("SetAccountingApprover")
            .RequireAuthorization(Permissions.GrantApprover)
            .WithTags("Company Directory")
            .WithSummary("Grant Accounting Approver Privileges: set or clear 'Can Push to Accounting'. Needs a Directory Admin who has it.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
