using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

internal static class Create
{
    internal sealed record Command(Guid ProjectId, string? Code, string? Description, IReadOnlyCollection<Guid>? CostCodeIds);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, ErpConnectors connectors, TimeProvider time)
    {
        public async Task<Guid> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == command.ProjectId, cancellationToken)
                ?? throw new NotFoundException("The project");
            var actor = await ProjectAdmin.RequireManageAsync(currentUser, project, cancellationToken);
            var erp = await ProjectAdmin.ErpAsync(db, connectors, actor, cancellationToken);
            var (code, description, costCodes) = await SubJobFields.ValidateAsync(
                db, erp, project.Id, null, command.Code, command.Description, command.CostCodeIds, [], cancellationToken);

            var subJob = SubJob.Create(project, code, description, costCodes, actor, time.GetUtcNow().UtcDateTime);
            db.SubJobs.Add(subJob);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
            {
                // Two people created the same code at once: the unique index let only one through.
                if (await SubJobFields.CodeTakenAsync(db, project.Id, subJob.Id, code, cancellationToken))
                {
                    throw SubJobFields.DuplicateCode(code);
                }

                throw;
            }

            return subJob.Id;
        }
    }
}
