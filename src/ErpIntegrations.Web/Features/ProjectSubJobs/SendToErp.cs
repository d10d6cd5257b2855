using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

// Send to ERP (Not sent → Ready to Export) and Resend to ERP (Rejected or Retrieved → Ready to Export, after the
// corrections): either way the sub job waits for an accounting approver, if the connected ERP takes sub jobs. One
// use case under two names, which the page, the API and the history keep apart as the states they start from do.
internal static class SendToErp
{
    // Resend: the sub job was sent before and has since been rejected or retrieved.
    internal sealed record Command(Guid ProjectId, Guid SubJobId, int? Version, bool Resend = false);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, TimeProvider time)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var subJob = await ProjectAdmin.SubJobForChangeAsync(db, command.ProjectId, command.SubJobId, command.Version, cancellationToken);
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            var at = time.GetUtcNow().UtcDateTime;
            if (command.Resend)
            {
                subJob.ResendToErp(erp, actor, at);
            }
            else
            {
                subJob.SendToErp(erp, actor, at);
            }

            await db.SaveChangesAsync(cancellationToken);
            return subJob.Code;
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        ProjectAdmin.MapTransition(api, "send-to-erp", (Handler handler, Guid projectId, Guid id, int? version, CancellationToken cancellationToken) =>
                handler.HandleAsync(new Command(projectId, id, version), cancellationToken))
            .WithName("SendToErp")
            .WithSummary("Send to ERP: Not sent → Ready to Export, for an accounting approver. Needs 'Admin' on the project's Admin tool.");

    internal static void MapResendEndpoint(RouteGroupBuilder api) =>
        ProjectAdmin.MapTransition(api, "resend-to-erp", (Handler handler, Guid projectId, Guid id, int? version, CancellationToken cancellationToken) =>
                handler.HandleAsync(new Command(projectId, id, version, Resend: true), cancellationToken))
            .WithName("ResendToErp")
            .WithSummary("Resend to ERP: Rejected or Retrieved → Ready to Export, after the corrections. Needs 'Admin' on the project's Admin tool.");
}
