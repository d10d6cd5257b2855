using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

// Ready to Export → Retrieved: taken back for edits while no approver has acted.
internal static class RetrieveFromErp
{
    internal sealed record Command(Guid ProjectId, Guid SubJobId, int? Version);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, TimeProvider time)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var subJob = await ProjectAdmin.SubJobForChangeAsync(db, command.ProjectId, command.SubJobId, command.Version, cancellationToken);
            var actor = await currentUser.GetActorAsync(cancellationToken);
            subJob.RetrieveFromErp(actor, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return subJob.Code;
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        ProjectAdmin.MapTransition(api, "retrieve-from-erp", (Handler handler, Guid projectId, Guid id, int? version, CancellationToken cancellationToken) =>
                handler.HandleAsync(new Command(projectId, id, version), cancellationToken))
            .WithName("RetrieveFromErp")
            .WithSummary("Retrieve from ERP: Ready to Export → Retrieved, while no approver has acted. Needs 'Admin' on the project's Admin tool.");
}
