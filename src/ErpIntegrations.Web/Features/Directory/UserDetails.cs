using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Directory;

internal static class UserDetails
{
    internal sealed record Query(Guid UserId);

    internal sealed record Result(
        Guid Id,
        string Name,
        string Email,
        PermissionLevel ErpIntegrationsLevel,
        bool IsDirectoryAdmin,
        bool CanPushToAccounting,
        bool IsActive,
        bool IsYou,
        bool HasPassword,
        IReadOnlyList<ProjectLevel> Projects);

    internal sealed record ProjectLevel(Guid ProjectId, string Number, string Name, PermissionLevel Level);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == query.UserId && u.CompanyId == actor.CompanyId, cancellationToken)
                ?? throw new NotFoundException("The user");
            var levels = await db.ProjectPermissions.AsNoTracking()
                .Where(p => p.UserId == user.Id)
                .ToDictionaryAsync(p => p.ProjectId, p => p.AdminToolLevel, cancellationToken);
            var projects = await db.Projects.AsNoTracking().OrderBy(p => p.Number).Select(p => new { p.Id, p.Number, p.Name }).ToListAsync(cancellationToken);
            return new Result(
                user.Id,
                user.DisplayName,
                user.Email ?? "",
                user.ErpIntegrationsLevel,
                user.IsDirectoryAdmin,
                user.CanPushToAccounting,
                user.IsActive,
                user.Id == actor.UserId,
                user.PasswordHash is not null,
                [.. projects.Select(p => new ProjectLevel(p.Id, p.Number, p.Name, levels.GetValueOrDefault(p.Id, PermissionLevel.None)))]);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/directory/users/{userId:guid}", (Guid userId, Handler handler, CancellationToken cancellationToken) =>
                handler.HandleAsync(new Query(userId), cancellationToken))
            .WithName("GetDirectoryUser")
            .RequireAuthorization(Permissions.ManageDirectory)
            .WithTags("Company Directory")
            .WithSummary("One user as a Directory Admin manages them: access, status and their level on every project's Admin tool. Needs a Directory Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
