using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

/// <summary>Not sent → Ready to Export: the sub job waits for an accounting approver.</summary>
internal static class SendToErp
{
    internal sealed record Command(Guid ProjectId, Guid SubJobId, int? Version);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, TimeProvider time)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var subJob = await ProjectAdmin.SubJobForChangeAsync(db, command.ProjectId, command.SubJobId, command.Version, cancellationToken);
            var actor = await ProjectAdmin.RequireManageAsync(currentUser, subJob.Project, cancellationToken);
            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            subJob.SendToErp(erp, actor, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return subJob.Code;
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/sub-jobs/{id:guid}/send-to-erp", async (Guid id, TransitionBody? body, AppDbContext db, Handler handler, Details.Handler details, CancellationToken cancellationToken) =>
            {
                var projectId = await ProjectAdmin.ProjectOfAsync(db, id, cancellationToken);
                await handler.HandleAsync(new Command(projectId, id, body?.Version), cancellationToken);
                return await Details.ApiAsync(details, projectId, id, cancellationToken);
            })
            .WithName("SendToErp")
            .WithTags("Project Admin")
            .WithSummary("Send to ERP: Not sent → Ready to Export, for an accounting approver. Needs 'Admin' on the project's Admin tool.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
