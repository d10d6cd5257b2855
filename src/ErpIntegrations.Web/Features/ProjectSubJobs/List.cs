using System.Text.Json.Serialization;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

internal static class List
{
    internal sealed record Query(Guid ProjectId);

    internal sealed record Result(ProjectSummary Project, ErpCapabilities Erp, bool CanManage, IReadOnlyList<Row> SubJobs);

    internal sealed record Row(
        Guid Id,
        string Code,
        string Description,
        SubJobState State,
        IReadOnlyList<CostCodeLabel> CostCodes,
        string? LastSentByName,
        DateTime? LastSentAt,
        string? ErpSubJobId,
        string? RejectionReason,
        string? RejectedByName,
        string? ExportError,
        int Version,
        bool CanEdit,
        bool CanSend,
        bool CanRetrieve,
        bool CanResend)
    {
        public static Row From(SubJob s, Project project, ErpCapabilities erp, bool canManage) => new(
            s.Id,
            s.Code,
            s.Description,
            s.State,
            [.. s.CostCodes.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => new CostCodeLabel(c.Code, c.Description))],
            s.LastSentByName,
            s.LastSentAt,
            s.ErpSubJobId,
            s.RejectionReason,
            s.RejectedByName,
            s.ExportError,
            s.Version,
            CanEdit: canManage && (s.IsEditable || s.State == SubJobState.Synced),
            CanSend: canManage && erp.SupportsSubJobs && project.IsLinked && s.State == SubJobState.NotSent,
            CanRetrieve: canManage && s.State == SubJobState.ReadyToExport,
            CanResend: canManage && erp.SupportsSubJobs && project.IsLinked && s.State is SubJobState.Rejected or SubJobState.Retrieved);
    }

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var (project, _, canManage) = await ProjectAdmin.LoadAsync(db, currentUser, query.ProjectId, cancellationToken);
            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            var subJobs = await db.SubJobs.AsNoTracking()
                .Include(s => s.CostCodes)
                .Where(s => s.ProjectId == project.Id)
                .OrderBy(s => s.Code)
                .ToListAsync(cancellationToken);

            return new Result(
                ProjectSummary.From(project),
                erp,
                canManage,
                [.. subJobs.Select(s => Row.From(s, project, erp, canManage))]);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/projects/{projectId:guid}/sub-jobs", async (Guid projectId, Handler list, CancellationToken cancellationToken) =>
            {
                var result = await list.HandleAsync(new Query(projectId), cancellationToken);
                return new ApiSubJobs([.. result.SubJobs.Select(r => ApiSubJob.From(r, result.Project.Id))]);
            })
            .WithName("ListProjectSubJobs")
            .RequireAuthorization(Permissions.ProjectViewer)
            .WithTags("Project Admin")
            .WithSummary("A project's sub jobs, by code, with what you may do to each.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    internal sealed record ApiSubJobs(IReadOnlyList<ApiSubJob> Items);
}

internal sealed record CostCodeLabel(string Code, string Description)
{
    public override string ToString() => $"{Code} {Description}";
}

// History: only on a single sub job.
internal sealed record ApiSubJob(
    Guid Id,
    Guid ProjectId,
    string Code,
    string Description,
    SubJobState State,
    IReadOnlyList<string> CostCodes,
    string? LastSentBy,
    DateTime? LastSentAt,
    string? ErpJobId,
    string? RejectionReason,
    string? RejectedBy,
    string? ExportError,
    int Version,
    bool CanEdit,
    bool CanSend,
    bool CanRetrieve,
    bool CanResend,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SubJobHistory.Entry>? History = null)
{
    public static ApiSubJob From(List.Row r, Guid projectId, IReadOnlyList<SubJobHistory.Entry>? history = null) => new(
        r.Id,
        projectId,
        r.Code,
        r.Description,
        r.State,
        [.. r.CostCodes.Select(c => c.Code)],
        r.LastSentByName,
        r.LastSentAt,
        r.ErpSubJobId,
        r.RejectionReason,
        r.RejectedByName,
        r.ExportError,
        r.Version,
        r.CanEdit,
        r.CanSend,
        r.CanRetrieve,
        r.CanResend,
        history);
}

internal sealed record ProjectSummary(Guid Id, string Number, string Name, string? ErpJobId, bool IsLinked)
{
    public static ProjectSummary From(Project project) => new(project.Id, project.Number, project.Name, project.ErpJobId, project.IsLinked);
}
