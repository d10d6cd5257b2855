using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.Projects;

internal static class Edit
{
    internal sealed record Command(Guid ProjectId, string? Number, string? Name);

    internal sealed class Handler(AppDbContext db)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var project = await ProjectManager.ProjectAsync(db, command.ProjectId, cancellationToken);
            var (number, name) = await ProjectManager.ValidateAsync(db, project.Id, command.Number, command.Name, cancellationToken);
            project.Edit(number, name);
            await db.SaveChangesAsync(cancellationToken);
            return $"{number} {name}";
        }
    }

    // Left out: unchanged.
    internal sealed record Body(string? Number, string? Name);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPatch("/projects/{projectId:guid}", async (Guid projectId, Body? body, Handler edit, Settings.Handler settings, CancellationToken cancellationToken) =>
            {
                var current = await settings.HandleAsync(new Settings.Query(projectId), cancellationToken);
                await edit.HandleAsync(new Command(projectId, body?.Number ?? current.Number, body?.Name ?? current.Name), cancellationToken);
                return await settings.HandleAsync(new Settings.Query(projectId), cancellationToken);
            })
            .WithName("EditProject")
            .RequireAuthorization(Permissions.ManageProjects)
            .WithTags("Projects")
            .WithSummary("Change a project's number or name. Needs a Directory Admin or an ERP Integrations Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
