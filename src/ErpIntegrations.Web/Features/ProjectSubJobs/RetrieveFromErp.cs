using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

/// <summary>Ready to Export → Retrieved: taken back for edits while no approver has acted.</summary>
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
        api.MapPost("/sub-jobs/{id:guid}/retrieve-from-erp", async (Guid id, TransitionBody? body, AppDbContext db, Handler handler, Details.Handler details, CancellationToken cancellationToken) =>
            {
                var projectId = await ProjectAdmin.ProjectOfAsync(db, id, cancellationToken);
                await handler.HandleAsync(new Command(projectId, id, body?.Version), cancellationToken);
                return await Details.ApiAsync(details, projectId, id, cancellationToken);
            })
            .WithName("RetrieveFromErp")
            .RequireAuthorization(Permissions.ProjectAdmin)
            .WithTags("Project Admin")
            .WithSummary("Retrieve from ERP: Ready to Export → Retrieved, while no approver has acted. Needs 'Admin' on the project's Admin tool.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
