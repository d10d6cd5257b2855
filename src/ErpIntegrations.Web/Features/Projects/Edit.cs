using ErpIntegrations.Web.Data;

namespace ErpIntegrations.Web.Features.Projects;

/// <summary>Changes a project's number and name.</summary>
internal static class Edit
{
    internal sealed record Command(Guid ProjectId, string? Number, string? Name);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            await ProjectManager.RequireAsync(currentUser, cancellationToken);
            var project = await ProjectManager.ProjectAsync(db, command.ProjectId, cancellationToken);
            var (number, name) = await ProjectManager.ValidateAsync(db, project.Id, command.Number, command.Name, cancellationToken);
            project.Edit(number, name);
            await db.SaveChangesAsync(cancellationToken);
            return $"{number} {name}";
        }
    }
}
