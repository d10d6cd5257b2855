using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Projects;

/// <summary>A project as its manager edits it: number, name, its ERP job and the jobs the connected ERP offers to link.</summary>
internal static class Settings
{
    internal sealed record Query(Guid ProjectId);

    internal sealed record Result(
        Guid Id,
        string Number,
        string Name,
        string? ErpJobId,
        int SubJobsInErp,
        string ErpName,
        IReadOnlyList<ErpJobOption> ErpJobs);

    /// <param name="LinkedTo">The project already linked to this job, if any.</param>
    internal sealed record ErpJobOption(string JobId, string Name, string? LinkedTo);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, ErpConnectors connectors)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var actor = await ProjectManager.RequireAsync(currentUser, cancellationToken);
            var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.ProjectId, cancellationToken)
                ?? throw new NotFoundException("The project");
            var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
            var erp = connectors.For(company);
            IReadOnlyList<ErpJob> jobs = await erp.ListJobsAsync(cancellationToken);
            var links = await db.Projects.AsNoTracking()
                .Where(p => p.ErpJobId != null && p.Id != project.Id)
                .Select(p => new { p.ErpJobId, Label = p.Number + " " + p.Name })
                .ToListAsync(cancellationToken);
            return new Result(
                project.Id,
                project.Number,
                project.Name,
                project.ErpJobId,
                await ProjectManager.SubJobsInErpAsync(db, project.Id, cancellationToken),
                erp.Capabilities.DisplayName,
                [.. jobs.Select(j => new ErpJobOption(j.JobId, j.Name, links.FirstOrDefault(l => l.ErpJobId == j.JobId)?.Label))]);
        }
    }
}
