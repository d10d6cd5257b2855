using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Observability;

internal sealed class MigrationsHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("Every migration is applied.")
            : HealthCheckResult.Unhealthy($"{pending.Count} migrations are not applied.");
    }
}

internal sealed class ExporterHealthCheck(IEnumerable<IHostedService> hosted, IOptions<ExportOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("The exporter is turned off here (Exports:Enabled=false)."));
        }

        var task = hosted.OfType<ExporterService>().SingleOrDefault()?.ExecuteTask;
        return Task.FromResult(task is { IsCompleted: false }
            ? HealthCheckResult.Healthy("The exporter is running.")
            : HealthCheckResult.Unhealthy("The exporter is not running."));
    }
}

// An unreachable ERP does not make this instance unfit for traffic: its exports wait and go when the ERP answers.
internal sealed class ErpReachableHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var companies = await db.ErpRequests.IgnoreQueryFilters()
            .Where(r => r.Status == ErpRequestStatus.InProgress && r.ErpUnreachableSince != null)
            .Select(r => r.CompanyId)
            .Distinct()
            .CountAsync(cancellationToken);
        return companies == 0
            ? HealthCheckResult.Healthy("No company's ERP is known to be unreachable.")
            : HealthCheckResult.Degraded($"The ERP of {companies} compan{(companies == 1 ? "y" : "ies")} is unreachable; their exports wait.");
    }
}
