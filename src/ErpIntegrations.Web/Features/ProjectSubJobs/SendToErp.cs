using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Exports;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

/// <summary>Not sent → Ready to Export: the sub job waits for an accounting approver.</summary>
internal static class SendToErp
{
    internal sealed record Command(Guid ProjectId, Guid SubJobId, int? Version);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, ErpConnectors connectors, TimeProvider time)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var subJob = await ProjectAdmin.SubJobForChangeAsync(db, command.ProjectId, command.SubJobId, command.Version, cancellationToken);
            var actor = await ProjectAdmin.RequireManageAsync(currentUser, subJob.Project, cancellationToken);
            var erp = await ProjectAdmin.ErpAsync(db, connectors, actor, cancellationToken);
            subJob.SendToErp(erp, actor, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return subJob.Code;
        }
    }
}
