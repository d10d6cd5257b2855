using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

/// <summary>An accounting approver exports a sub job that Failed to Export once more, after the fault was fixed in the ERP.</summary>
public static class Retry
{
    public sealed record Command(Guid SubJobId);

    public sealed record Result(Guid SubJobId, string Code);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            if (!Access.CanApprove(actor))
            {
                throw new ForbiddenException("Retrying an export needs 'Standard' or 'Admin' on ERP Integrations and the 'Can Push to Accounting' privilege.");
            }

            var subJob = await db.SubJobs
                .Include(s => s.Project)
                .Include(s => s.CostCodes)
                .SingleOrDefaultAsync(s => s.Id == command.SubJobId, cancellationToken)
                ?? throw new NotFoundException("The sub job");

            db.ErpRequests.Add(subJob.Retry(actor, time.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
            return new Result(subJob.Id, subJob.Code);
        }
    }
}
