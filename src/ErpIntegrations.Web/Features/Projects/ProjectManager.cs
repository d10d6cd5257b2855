using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Projects;

internal static class ProjectManager
{
    // The project of the signed-in person's company; another company's is not found (the query filter hides it).
    public static async Task<Project> ProjectAsync(AppDbContext db, Guid projectId, CancellationToken cancellationToken) =>
        await db.Projects.SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken)
            ?? throw new NotFoundException("The project");

    public static async Task<(string Number, string Name)> ValidateAsync(AppDbContext db, Guid? projectId, string? number, string? name, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var trimmedNumber = errors.Text("Number", number, "the project number", Project.MaxNumberLength);
        var trimmedName = errors.Text("Name", name, "the project name", Project.MaxNameLength);
        if (trimmedNumber.Length > 0 && await db.Projects.AnyAsync(p => p.Number == trimmedNumber && p.Id != projectId, cancellationToken))
        {
            errors.Add("Number", $"The company already has a project numbered {trimmedNumber}.");
        }

        errors.ThrowIfAny();
        return (trimmedNumber, trimmedName);
    }

    // Sub jobs that live in the ERP under the project's job, are on their way there, or failed and may be retried
    // there (their ERP Job ID was checked against that job).
    public static Task<int> SubJobsInErpAsync(AppDbContext db, Guid projectId, CancellationToken cancellationToken) =>
        db.SubJobs.CountAsync(
            s => s.ProjectId == projectId && (s.State == SubJobState.Synced || s.State == SubJobState.Exporting || s.State == SubJobState.FailedToExport),
            cancellationToken);
}
