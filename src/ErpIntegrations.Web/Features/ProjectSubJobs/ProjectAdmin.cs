using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

/// <summary>
/// What the use cases of a project's Admin tool share. Whether the person may see or change the project is the
/// route's policy (<see cref="Permissions.ProjectViewer"/>, <see cref="Permissions.ProjectAdmin"/>).
/// </summary>
internal static class ProjectAdmin
{
    /// <summary>The project, the person, and whether they may change its sub jobs (to offer only the actions they may take).</summary>
    public static async Task<(Project Project, Actor Actor, bool CanManage)> LoadAsync(
        AppDbContext db, CurrentUser currentUser, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken)
            ?? throw new NotFoundException("The project");
        var actor = await currentUser.GetActorAsync(cancellationToken);
        return (project, actor, Access.CanManageSubJobs(await currentUser.ProjectLevelAsync(projectId, cancellationToken)));
    }

    /// <summary>Loads a sub job of the project for a change, with what its transitions need.</summary>
    public static async Task<SubJob> SubJobForChangeAsync(AppDbContext db, Guid projectId, Guid subJobId, int? version, CancellationToken cancellationToken)
    {
        var subJob = await db.SubJobs
            .Include(s => s.Project)
            .Include(s => s.CostCodes)
            .SingleOrDefaultAsync(s => s.Id == subJobId && s.ProjectId == projectId, cancellationToken)
            ?? throw new NotFoundException("The sub job");
        if (version is { } seen)
        {
            // The version the person saw: if someone changed the sub job since, saving fails with a concurrency
            // conflict instead of silently acting on a state they have not seen.
            db.Entry(subJob).Property(s => s.Version).OriginalValue = seen;
        }

        return subJob;
    }

    /// <summary>The project of a sub job the API names by its id alone; another company's sub job is not found.</summary>
    public static async Task<Guid> ProjectOfAsync(AppDbContext db, Guid subJobId, CancellationToken cancellationToken) =>
        await db.SubJobs.AsNoTracking().Where(s => s.Id == subJobId).Select(s => (Guid?)s.ProjectId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The sub job");

    public static async Task<ErpCapabilities> ErpAsync(AppDbContext db, ErpConnectors connectors, Actor actor, CancellationToken cancellationToken)
    {
        var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
        return connectors.For(company).Capabilities;
    }
}

/// <param name="Version">The version you read; a newer one answers 409. Omitted: no check.</param>
internal sealed record TransitionBody(int? Version);
