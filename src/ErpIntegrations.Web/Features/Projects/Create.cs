using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.Projects;

internal static class Create
{
    internal sealed record Command(string? Number, string? Name);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, TimeProvider time)
    {
        public async Task<Guid> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var (number, name) = await ProjectManager.ValidateAsync(db, null, command.Number, command.Name, cancellationToken);
            var project = new Project(Guid.CreateVersion7(time.GetUtcNow()), actor.CompanyId, number, name, erpJobId: null);
            db.Projects.Add(project);
            await db.SaveChangesAsync(cancellationToken);
            return project.Id;
        }
    }

    internal sealed record Body(string? Number, string? Name);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/projects", async (Body? body, Handler create, Settings.Handler settings, CancellationToken cancellationToken) =>
            {
                var id = await create.HandleAsync(new Command(body?.Number, body?.Name), cancellationToken);
                return TypedResults.Created($"/api/v1/projects/{id}", await settings.HandleAsync(new Settings.Query(id), cancellationToken));
            })
            .WithName("CreateProject")
            .RequireAuthorization(Permissions.ManageProjects)
            .WithTags("Projects")
            .WithSummary("Add a project (number and name), not yet linked to an ERP job. Needs a Directory Admin or an ERP Integrations Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
