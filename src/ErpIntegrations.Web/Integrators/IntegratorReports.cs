using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Integrators;

// The jobs and sub jobs integrators reported through PUT /api/v1/connector/jobs and /staged-sub-jobs, read by their connector.
internal sealed class IntegratorReports(IServiceScopeFactory scopes) : IErpIntegratorReports
{
    public async Task<IReadOnlyList<ErpJob>> JobsAsync(Guid companyId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.IntegratorJobs.IgnoreQueryFilters().AsNoTracking()
            .Where(j => j.CompanyId == companyId)
            .OrderBy(j => j.ErpJobId)
            .Select(j => new ErpJob(j.ErpJobId, j.Name))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ErpSubJob>> SubJobsAsync(Guid companyId, string jobId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.IntegratorSubJobs.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.CompanyId == companyId && s.JobErpId == jobId)
            .OrderBy(s => s.ErpSubJobId)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new ErpSubJob(s.ErpSubJobId, s.JobErpId, s.ErpSubJobId, s.Description, null, s.CostCodeList))];
    }
}
