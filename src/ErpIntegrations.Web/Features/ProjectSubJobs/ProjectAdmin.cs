using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

// What the use cases of a project's Admin tool share. Whether the person may see or change the project is the
// route's policy (Permissions.ProjectViewer, Permissions.ProjectAdmin).
internal static class ProjectAdmin
{
    // The project, the person, and whether they may change its sub jobs (to offer only the actions they may take).
    public static async Task<(Project Project, Actor Actor, bool CanManage)> LoadAsync(
        AppDbContext db, CurrentUser currentUser, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken)
            ?? throw new NotFoundException("The project");
        var actor = await currentUser.GetActorAsync(cancellationToken);
        return (project, actor, Access.CanManageSubJobs(await currentUser.ProjectLevelAsync(projectId, cancellationToken)));
    }

    public static async Task<SubJob> SubJobForChangeAsync(AppDbContext db, Guid projectId, Guid subJobId, int? version, CancellationToken cancellationToken)
    {
        var subJob = await db.SubJobs
            .Include(s => s.Project)
            .Include(s => s.CostCodes)
            .SingleOrDefaultAsync(s => s.Id == subJobId && s.ProjectId == projectId, cancellationToken)
            ?? throw new NotFoundException("The sub job");
        if (version is { } seen)
        {
            // The version the person saw: if someone changed the sub job since, saving fails with a concurrency
            // conflict instead of silently acting on a state they have not seen.
            db.Entry(subJob).Property(s => s.Version).OriginalValue = seen;
        }

        return subJob;
    }

    // The project of a sub job the API names by its id alone; another company's sub job is not found.
    public static async Task<Guid> ProjectOfAsync(AppDbContext db, Guid subJobId, CancellationToken cancellationToken) =>
        await db.SubJobs.AsNoTracking().Where(s => s.Id == subJobId).Select(s => (Guid?)s.ProjectId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The sub job");

    // A transition of one sub job as the API offers it: named by the sub job's id alone, at the version given in the
    // body, for a project Admin, answering with the sub job as it is now.
    public static RouteHandlerBuilder MapTransition<THandler>(
        RouteGroupBuilder api, string action, Func<THandler, Guid, Guid, int?, CancellationToken, Task<string>> transition)
        where THandler : notnull =>
        api.MapPost($"/sub-jobs/{{id:guid}}/{action}", async (Guid id, TransitionBody? body, AppDbContext db, THandler handler, Details.Handler details, CancellationToken cancellationToken) =>
            {
                var projectId = await ProjectOfAsync(db, id, cancellationToken);
                await transition(handler, projectId, id, body?.Version, cancellationToken);
                return await Details.ApiAsync(details, projectId, id, cancellationToken);
            })
            .RequireAuthorization(Permissions.ProjectAdmin)
            .WithTags("Project Admin")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}

// Version: a newer one answers 409; omitted, no check.
internal sealed record TransitionBody(int? Version);
