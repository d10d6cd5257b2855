using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Projects;

internal static class Settings
{
    internal sealed record Query(Guid ProjectId);

    // ErpJobsProblem: what the ERP answered when its jobs could not be listed (ErpJobs is then empty).
    internal sealed record Result(
        Guid Id,
        string Number,
        string Name,
        string? ErpJobId,
        int SubJobsInErp,
        string ErpName,
        IReadOnlyList<ErpJobs.Option> ErpJobs,
        string? ErpJobsProblem);

    internal sealed class Handler(AppDbContext db, CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.ProjectId, cancellationToken)
                ?? throw new NotFoundException("The project");
            var erp = await currentErp.ConnectorAsync(cancellationToken);
            IReadOnlyList<ErpJobs.Option> jobs = [];
            string? jobsProblem = null;
            try
            {
                jobs = await ErpJobs.OptionsAsync(db, erp, project.Id, cancellationToken);
            }
            catch (ErpException ex)
            {
                jobsProblem = ex.Message;
            }

            return new Result(
                project.Id,
                project.Number,
                project.Name,
                project.ErpJobId,
                await ProjectManager.SubJobsInErpAsync(db, project.Id, cancellationToken),
                erp.Capabilities.DisplayName,
                jobs,
                jobsProblem);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/projects/{projectId:guid}", (Guid projectId, Handler handler, CancellationToken cancellationToken) =>
                handler.HandleAsync(new Query(projectId), cancellationToken))
            .WithName("GetProject")
            .RequireAuthorization(Permissions.ManageProjects)
            .WithTags("Projects")
            .WithSummary("A project's number, name and ERP job, with the jobs the connected ERP offers to link (or erpJobsProblem: what the ERP answered when they could not be listed). Needs a Directory Admin or an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
