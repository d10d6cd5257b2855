using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

/// <summary>Rejected or Retrieved → Ready to Export, after the corrections.</summary>
internal static class ResendToErp
{
    internal sealed record Command(Guid ProjectId, Guid SubJobId, int? Version);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, TimeProvider time)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var subJob = await ProjectAdmin.SubJobForChangeAsync(db, command.ProjectId, command.SubJobId, command.Version, cancellationToken);
            var actor = await ProjectAdmin.RequireManageAsync(currentUser, subJob.Project, cancellationToken);
            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            subJob.ResendToErp(erp, actor, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return subJob.Code;
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/sub-jobs/{id:guid}/resend-to-erp", async (Guid id, TransitionBody? body, AppDbContext db, Handler handler, Details.Handler details, CancellationToken cancellationToken) =>
            {
                var projectId = await ProjectAdmin.ProjectOfAsync(db, id, cancellationToken);
                await handler.HandleAsync(new Command(projectId, id, body?.Version), cancellationToken);
                return await Details.ApiAsync(details, projectId, id, cancellationToken);
            })
            .WithName("ResendToErp")
            .WithTags("Project Admin")
            .WithSummary("Resend to ERP: Rejected or Retrieved → Ready to Export, after the corrections. Needs 'Admin' on the project's Admin tool.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
