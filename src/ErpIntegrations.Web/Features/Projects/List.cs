using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Projects;

// The company's projects whose Admin tool the person may open; a person who manages projects sees every project
// of the company (with their own level, None where they have none).
internal static class List
{
    internal sealed record Row(Guid Id, string Number, string Name, string? ErpJobId, PermissionLevel Level);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var rows = await (
                    from p in db.Projects.AsNoTracking()
                    join pp in db.ProjectPermissions.Where(pp => pp.UserId == actor.UserId) on p.Id equals pp.ProjectId into levels
                    from pp in levels.DefaultIfEmpty()
                    orderby p.Number
                    select new Row(p.Id, p.Number, p.Name, p.ErpJobId, pp == null ? PermissionLevel.None : pp.AdminToolLevel))
                .ToListAsync(cancellationToken);

            // Levels are stored as text, so "at least Read Only" is decided here by Access, not by a string comparison in SQL.
            var manages = Access.CanManageProjects(actor);
            return [.. rows.Where(r => manages || Access.CanViewProject(r.Level))];
        }
    }

    internal sealed record ApiProject(Guid Id, string Number, string Name, string? ErpJobId);

    internal sealed record ApiProjects(IReadOnlyList<ApiProject> Items);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/projects", async (Handler handler, CancellationToken cancellationToken) =>
                new ApiProjects([.. (await handler.HandleAsync(cancellationToken)).Select(p => new ApiProject(p.Id, p.Number, p.Name, p.ErpJobId))]))
            .WithName("ListProjects")
            .RequireAuthorization(Permissions.SignedIn)
            .WithTags("Project Admin")
            .WithSummary("The projects whose Admin tool you may open ('Read Only' or higher), with the ERP job each is linked to.");
}
