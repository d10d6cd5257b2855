using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

/// <summary>
/// Sub jobs that exist in the ERP under a linked project's job but not on the project here. Every call asks
/// the ERP for its current list, so "Refresh Sub Jobs" is simply asking again.
/// </summary>
public static class ReadyToImport
{
    public sealed record Query(string? Search);

    public sealed record Row(Guid ProjectId, string ProjectNumber, string ProjectName, string ErpJob, string ErpJobId, string Description, IReadOnlyList<string> CostCodes, string RecordId);

    public sealed record Result(IReadOnlyList<Row> Rows, bool CanList);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var connector = await currentErp.ConnectorAsync(cancellationToken);
            if (!connector.Capabilities.CanListSubJobs)
            {
                return new Result([], CanList: false);
            }

            var projects = await db.Projects.AsNoTracking()
                .Where(p => p.ErpJobId != null && p.ErpJobId != "")
                .OrderBy(p => p.Number)
                .ToListAsync(cancellationToken);
            var rows = new List<Row>();
            foreach (var project in projects)
            {
                var inErp = await connector.ListSubJobsAsync(project.ErpJobId!, cancellationToken);
                var known = await KnownHereAsync(db, project.Id, inErp, cancellationToken);
                rows.AddRange(inErp
                    .Where(s => !known.Contains(s))
                    .Select(s => new Row(project.Id, project.Number, project.Name, project.ErpJobId!, s.ErpSubJobId, s.Description, s.CostCodes, s.RecordId)));
            }

            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim();
                rows = [.. rows.Where(r => new[] { r.ErpJobId, r.Description, r.ProjectName, r.ProjectNumber, r.ErpJob }
                    .Any(text => text.Contains(term, StringComparison.OrdinalIgnoreCase)))];
            }

            return new Result(rows, CanList: true);
        }
    }

    /// <summary>
    /// The ERP's sub jobs this project already has: exported from here (the record carries one of our sub
    /// jobs' ids) or held here as Synced or Exporting under the same ERP Job ID, in any case. A sub job that merely
    /// tried that ERP Job ID and failed, or a draft with the same code, does not make the ERP's record ours.
    /// </summary>
    internal static async Task<HashSet<ErpSubJob>> KnownHereAsync(AppDbContext db, Guid projectId, IReadOnlyList<ErpSubJob> inErp, CancellationToken cancellationToken)
    {
        var erpJobIds = inErp.Select(s => SubJob.NormalizeErpJobId(s.ErpSubJobId)).Distinct().ToList();
        var references = inErp.Select(s => Guid.TryParse(s.Reference, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        var here = await db.SubJobs.AsNoTracking()
            .Where(s => s.ProjectId == projectId
                && (references.Contains(s.Id)
                    || (erpJobIds.Contains(s.NormalizedErpJobId!) && (s.State == SubJobState.Synced || s.State == SubJobState.Exporting))))
            .Select(s => new { s.Id, s.NormalizedErpJobId, s.State })
            .ToListAsync(cancellationToken);
        var ours = here.Select(s => s.Id.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var held = here.Where(s => s.State is SubJobState.Synced or SubJobState.Exporting).Select(s => s.NormalizedErpJobId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. inErp.Where(s => (s.Reference is not null && ours.Contains(s.Reference)) || held.Contains(SubJob.NormalizeErpJobId(s.ErpSubJobId)))];
    }
}
