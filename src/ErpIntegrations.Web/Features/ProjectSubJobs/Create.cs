using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

internal static class Create
{
    internal sealed record Command(Guid ProjectId, string? Code, string? Description, IReadOnlyCollection<Guid>? CostCodeIds);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, TimeProvider time)
    {
        public async Task<Guid> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == command.ProjectId, cancellationToken)
                ?? throw new NotFoundException("The project");
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            var (code, description, costCodes) = await SubJobFields.ValidateAsync(
                db, erp, project.Id, null, command.Code, command.Description, command.CostCodeIds, cancellationToken);

            var subJob = SubJob.Create(project, code, description, costCodes, actor, time.GetUtcNow().UtcDateTime);
            db.SubJobs.Add(subJob);
            // Two people created the same code at once: the unique index let only one through.
            await db.SaveChangesOrExplainAsync(
                async () => await SubJobFields.CodeTakenAsync(db, project.Id, subJob.Id, code, cancellationToken) ? SubJobFields.DuplicateCode(code) : null,
                cancellationToken);

            return subJob.Id;
        }
    }

    // CostCodes: codes from the company's standard list (GET /api/v1/cost-codes).
    internal sealed record Body(string? Code, string? Description, IReadOnlyList<string>? CostCodes);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/projects/{projectId:guid}/sub-jobs", async (Guid projectId, Body? body, AppDbContext db, Handler create, Details.Handler details, CancellationToken cancellationToken) =>
            {
                var costCodeIds = await StandardCostCodes.IdsOfAsync(db, body?.CostCodes ?? [], cancellationToken);
                var id = await create.HandleAsync(new Command(projectId, body?.Code, body?.Description, costCodeIds), cancellationToken);
                return TypedResults.Created($"/api/v1/sub-jobs/{id}", await Details.ApiAsync(details, projectId, id, cancellationToken));
            })
            .WithName("CreateSubJob")
            .RequireAuthorization(Permissions.ProjectAdmin)
            .WithTags("Project Admin")
            .WithSummary("Add a sub job to a project (Not sent). Needs 'Admin' on the project's Admin tool.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
