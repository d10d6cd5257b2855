using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
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

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, ErpConnectors connectors)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            if (!Access.CanViewErpIntegrations(actor))
            {
                throw new ForbiddenException("Viewing ERP Integrations needs 'Read Only' or higher on the ERP Integrations tool.");
            }

            var company = await db.Companies.SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
            var connector = connectors.For(company);
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
                var ids = inErp.Select(s => s.ErpSubJobId).ToList();
                var here = await db.SubJobs.AsNoTracking()
                    .Where(s => s.ProjectId == project.Id && (ids.Contains(s.Code) || ids.Contains(s.ErpJobId!)))
                    .Select(s => new { s.Code, s.ErpJobId })
                    .ToListAsync(cancellationToken);
                var known = here.SelectMany(s => new[] { s.Code, s.ErpJobId }).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
                rows.AddRange(inErp
                    .Where(s => !known.Contains(s.ErpSubJobId))
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
}
