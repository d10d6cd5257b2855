using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Where an export goes is settled when it is accepted (or retried): the company's ERP connection, which the exporter
// uses, and the project's ERP job, which the export carries. A change of either may not slip in while an Accept is in
// flight and redirect it. Both sides hold the row they depend on inside their transaction, the same way on every
// provider: Accept and Retry hold the company's and the project's rows on condition that they still say what the
// approver's checks saw (and are refused otherwise); a connection change or a project's link change holds its row
// first, and only then counts the exports it would redirect (the lock waits for an Accept in flight to commit or roll
// back, so the count sees it).
internal static class ErpTarget
{
    public const string ConnectionChanged =
        "The company's ERP connection was changed while this was being done; nothing was exported. Review the sub job and try again.";

    // Inside the caller's transaction: holds the company's row while it keeps the connection seen, and the project's row
    // while it keeps the ERP job seen; throws, holding nothing back, when either has changed.
    public static async Task HoldAsync(AppDbContext db, ConnectedCompany company, Project project, CancellationToken cancellationToken)
    {
        var held = await db.Companies.IgnoreQueryFilters()
            .Where(c => c.Id == company.Id && c.ErpConnector == company.Connector && c.ErpConnection == company.Connection)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ErpConnector, c => c.ErpConnector), cancellationToken);
        if (held == 0)
        {
            throw new DomainRuleException(ConnectionChanged);
        }

        var jobId = project.ErpJobId;
        held = await db.Projects.IgnoreQueryFilters()
            .Where(p => p.Id == project.Id && p.ErpJobId == jobId && jobId != null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ErpJobId, p => p.ErpJobId), cancellationToken);
        if (held == 0)
        {
            throw new DomainRuleException(
                $"Project {project.Number} was linked to another ERP job, or unlinked, while this was being done; nothing was exported. Review the sub job and try again.");
        }
    }

    // The first step of a connection change's transaction: waits for any Accept holding the company's row.
    public static Task LockCompanyAsync(AppDbContext db, Guid companyId, CancellationToken cancellationToken) =>
        db.Companies.IgnoreQueryFilters()
            .Where(c => c.Id == companyId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ErpConnector, c => c.ErpConnector), cancellationToken);

    // The first step of a project link change's transaction: waits for any Accept holding the project's row.
    public static Task LockProjectAsync(AppDbContext db, Guid projectId, CancellationToken cancellationToken) =>
        db.Projects.IgnoreQueryFilters()
            .Where(p => p.Id == projectId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ErpJobId, p => p.ErpJobId), cancellationToken);
}
