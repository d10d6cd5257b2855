using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.ErpSubJobs;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Projects;

// Links a project to one of the jobs the connected ERP lists; each ERP job belongs to at most one project.
internal static class LinkToErpJob
{
    internal sealed record Command(Guid ProjectId, string? ErpJobId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var project = await ProjectManager.ProjectAsync(db, command.ProjectId, cancellationToken);
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var jobId = command.ErpJobId?.Trim() ?? "";
            if (jobId.Length == 0)
            {
                throw new InputException("ErpJobId", "Choose the ERP job to link the project to.");
            }

            if (InputErrors.CodeError(jobId, "the ERP job ID", ErpCodes.ErpJobIdSeparators) is { } invalid)
            {
                throw new InputException("ErpJobId", invalid);
            }

            var erp = await currentErp.ConnectorAsync(cancellationToken);
            var jobs = await erp.ListJobsAsync(cancellationToken);
            if (jobs.All(j => j.JobId != jobId))
            {
                throw new InputException("ErpJobId", $"{erp.Capabilities.DisplayName} has no job {jobId}. Choose one of the jobs it lists.");
            }

            var holder = await HolderAsync(db, project.Id, jobId, cancellationToken);
            if (holder is not null)
            {
                throw new InputException("ErpJobId", $"ERP job {jobId} is already linked to project {holder}.");
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Counted once the row is held: an Accept in flight holds it until its export is committed (ErpTarget).
            await ErpTarget.LockProjectAsync(db, project.Id, cancellationToken);
            await db.Entry(project).ReloadAsync(cancellationToken);
            project.LinkToErpJob(jobId, await ProjectManager.SubJobsInErpAsync(db, project.Id, cancellationToken));
            // Another project was linked to this job since our check; the unique index kept it single.
            await db.SaveChangesOrExplainAsync(
                async () => await HolderAsync(db, project.Id, jobId, cancellationToken) is { } winner ? new DomainRuleException($"ERP job {jobId} was just linked to project {winner}. Choose another job.") : null,
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            return $"Project {project.Number} is linked to ERP job {jobId}; its sub jobs can now be sent to ERP.";
        }
    }

    private static Task<string?> HolderAsync(AppDbContext db, Guid projectId, string jobId, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking()
            .Where(p => p.ErpJobId == jobId && p.Id != projectId)
            .Select(p => p.Number + " " + p.Name)
            .FirstOrDefaultAsync(cancellationToken);

    // ErpJobId: one of the jobs GET /api/v1/erp/jobs lists.
    internal sealed record Body(string? ErpJobId);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPut("/projects/{projectId:guid}/erp-job", async (Guid projectId, Body? body, Handler link, Settings.Handler settings, CancellationToken cancellationToken) =>
            {
                await link.HandleAsync(new Command(projectId, body?.ErpJobId), cancellationToken);
                return await settings.HandleAsync(new Settings.Query(projectId), cancellationToken);
            })
            .WithName("LinkProjectToErpJob")
            .RequireAuthorization(Permissions.ManageProjects)
            .WithTags("Projects")
            .WithSummary("Link a project to a job the connected ERP lists, so that its sub jobs can be sent to ERP. Needs a Directory Admin or an ERP Integrations Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
