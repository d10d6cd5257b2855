using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

internal static class SubJobForm
{
    internal sealed record Query(Guid ProjectId, Guid? SubJobId);

    internal sealed record Result(ProjectSummary Project, ErpCapabilities Erp, IReadOnlyList<CostCodeOption> CostCodes, Current? SubJob);

    internal sealed record CostCodeOption(Guid Id, string Label);

    internal sealed record Current(
        Guid Id,
        string Code,
        string Description,
        SubJobState State,
        int Version,
        bool IsEditable,
        IReadOnlyList<Guid> CostCodeIds)
    {
        // A synced sub job keeps the code and description it has in the ERP; its cost codes may change.
        public bool CodeAndDescriptionLocked => !IsEditable;

        public bool Locked => !IsEditable && State != SubJobState.Synced;
    }

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var (project, actor, _) = await ProjectAdmin.LoadAsync(db, currentUser, query.ProjectId, cancellationToken);

            Current? current = null;
            if (query.SubJobId is { } id)
            {
                var subJob = await db.SubJobs.AsNoTracking()
                    .Include(s => s.CostCodes)
                    .SingleOrDefaultAsync(s => s.Id == id && s.ProjectId == project.Id, cancellationToken)
                    ?? throw new NotFoundException("The sub job");
                current = new Current(subJob.Id, subJob.Code, subJob.Description, subJob.State, subJob.Version, subJob.IsEditable, [.. subJob.CostCodes.Select(c => c.CostCodeId)]);
            }

            var chosen = current?.CostCodeIds ?? [];
            var costCodes = (await StandardCostCodes.QueryAsync(db, chosen, cancellationToken))
                .Select(c => new CostCodeOption(c.Id, c.Code + " " + c.Description))
                .ToList();

            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            return new Result(ProjectSummary.From(project), erp, costCodes, current);
        }
    }
}

internal sealed record SubJobFieldsView(
    SubJobForm.Result Form,
    string? Code,
    string? Description,
    IReadOnlyCollection<Guid> Selected,
    bool CodeAndDescriptionLocked,
    bool Locked);
