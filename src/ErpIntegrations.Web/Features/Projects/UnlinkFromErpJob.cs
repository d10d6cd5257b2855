using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Features.ErpSubJobs;

namespace ErpIntegrations.Web.Features.Projects;

// Removes a project's link to its ERP job, refused while any of its sub jobs is synced or exporting.
internal static class UnlinkFromErpJob
{
    internal sealed record Command(Guid ProjectId);

    internal sealed class Handler(AppDbContext db)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var project = await ProjectManager.ProjectAsync(db, command.ProjectId, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Counted once the row is held: an Accept in flight holds it until its export is committed (ErpTarget).
            await ErpTarget.LockProjectAsync(db, project.Id, cancellationToken);
            await db.Entry(project).ReloadAsync(cancellationToken);
            var jobId = project.ErpJobId;
            project.UnlinkFromErpJob(await ProjectManager.SubJobsInErpAsync(db, project.Id, cancellationToken));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return $"Project {project.Number} is no longer linked to ERP job {jobId}.";
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapDelete("/projects/{projectId:guid}/erp-job", async (Guid projectId, Handler unlink, Settings.Handler settings, CancellationToken cancellationToken) =>
            {
                await unlink.HandleAsync(new Command(projectId), cancellationToken);
                return await settings.HandleAsync(new Settings.Query(projectId), cancellationToken);
            })
            .WithName("UnlinkProjectFromErpJob")
            .RequireAuthorization(Permissions.ManageProjects)
            .WithTags("Projects")
            .WithSummary("Remove a project's link to its ERP job; refused while any of its sub jobs is synced or exporting. Needs a Directory Admin or an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
