using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Directory;

// Sets a user's level on one project's Admin tool; None removes their access to the project.
internal static class SetProjectLevel
{
    internal sealed record Command(Guid UserId, Guid ProjectId, PermissionLevel Level);

    internal sealed record Result(string UserName, string Project, PermissionLevel Level);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            if (!Enum.IsDefined(command.Level))
            {
                throw new InputException("Level", "Choose None, Read Only, Standard or Admin.");
            }

            var user = await DirectoryAdmin.UserAsync(db, actor, command.UserId, cancellationToken);
            var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == command.ProjectId, cancellationToken)
                ?? throw new NotFoundException("The project");
            var permission = await db.ProjectPermissions.SingleOrDefaultAsync(p => p.ProjectId == project.Id && p.UserId == user.Id, cancellationToken);
            if (command.Level == PermissionLevel.None)
            {
                if (permission is not null)
                {
                    db.ProjectPermissions.Remove(permission);
                }
            }
            else if (permission is null)
            {
                db.ProjectPermissions.Add(new ProjectPermission(project.Id, user.Id, command.Level));
            }
            else
            {
                permission.AdminToolLevel = command.Level;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Result(user.DisplayName, $"{project.Number} {project.Name}", command.Level);
        }
    }

    internal sealed record Body(PermissionLevel? Level);

    internal sealed record ApiResult(Guid UserId, Guid ProjectId, PermissionLevel Level);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPut("/directory/users/{userId:guid}/projects/{projectId:guid}", async (Guid userId, Guid projectId, Body? body, Handler set, CancellationToken cancellationToken) =>
            {
                if (body?.Level is not { } level)
                {
                    throw new InputException("level", "Choose none, read_only, standard or admin.");
                }

                var done = await set.HandleAsync(new Command(userId, projectId, level), cancellationToken);
                return new ApiResult(userId, projectId, done.Level);
            })
            .WithName("SetDirectoryUserProjectLevel")
            .RequireAuthorization(Permissions.ManageDirectory)
            .WithTags("Company Directory")
            .WithSummary("Set a user's level on one project's Admin tool. Needs a Directory Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
