using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Sub jobs that exist in the ERP under a linked project's job but not on the project here. Every call asks
// the ERP for its current list, so "Refresh Sub Jobs" is simply asking again.
public static class ReadyToImport
{
    public sealed record Query(string? Search);

    public sealed record Row(Guid ProjectId, string ProjectNumber, string ProjectName, string JobId, string ErpSubJobId, string Description, IReadOnlyList<string> CostCodes, string RecordId);

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
                var known = await ErpSubJobIdUsage.KnownHereAsync(db, project.Id, inErp, cancellationToken);
                rows.AddRange(inErp
                    .Where(s => !known.Contains(s))
                    .Select(s => new Row(project.Id, project.Number, project.Name, project.ErpJobId!, s.ErpSubJobId, s.Description, s.CostCodes, s.RecordId)));
            }

            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim();
                rows = [.. rows.Where(r => new[] { r.ErpSubJobId, r.Description, r.ProjectName, r.ProjectNumber, r.JobId }
                    .Any(text => text.Contains(term, StringComparison.OrdinalIgnoreCase)))];
            }

            return new Result(rows, CanList: true);
        }
    }
}
