using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

internal static class Details
{
    internal sealed record Query(Guid ProjectId, Guid SubJobId);

    internal sealed record Result(
        ProjectSummary Project,
        ErpCapabilities Erp,
        bool CanManage,
        List.Row SubJob,
        bool IsEditable,
        string? ErpRecordId,
        DateTime CreatedAt,
        IReadOnlyList<SubJobHistory.Entry> History);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var (project, _, canManage) = await ProjectAdmin.LoadAsync(db, currentUser, query.ProjectId, cancellationToken);
            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            var subJob = await db.SubJobs.AsNoTracking()
                .Include(s => s.CostCodes)
                .SingleOrDefaultAsync(s => s.Id == query.SubJobId && s.ProjectId == project.Id, cancellationToken)
                ?? throw new NotFoundException("The sub job");
            var history = await SubJobHistory.OfAsync(db, subJob.Id, cancellationToken);

            return new Result(ProjectSummary.From(project), erp, canManage, List.Row.From(subJob, project, erp, canManage), subJob.IsEditable, subJob.ErpRecordId, subJob.CreatedAt, history);
        }
    }

    internal static async Task<ApiSubJob> ApiAsync(Handler details, Guid projectId, Guid subJobId, CancellationToken cancellationToken)
    {
        var result = await details.HandleAsync(new Query(projectId, subJobId), cancellationToken);
        return ApiSubJob.From(result.SubJob, result.Project.Id, result.History);
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/sub-jobs/{id:guid}", async (Guid id, AppDbContext db, Handler details, CancellationToken cancellationToken) =>
                await ApiAsync(details, await ProjectAdmin.ProjectOfAsync(db, id, cancellationToken), id, cancellationToken))
            .WithName("GetSubJob")
            .RequireAuthorization(Permissions.ProjectViewer)
            .WithTags("Project Admin")
            .WithSummary("One of a project's sub jobs with its history.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
