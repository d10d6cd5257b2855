using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

public static class Retry
{
    // Version: the sub job's version the approver reviewed; a sub job changed since is refused (null: no check).
    public sealed record Command(Guid SubJobId, int? Version = null);

    public sealed record Result(Guid SubJobId, string Code);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var subJob = await ErpSubJobIdUsage.SubJobForExportAsync(db, command.SubJobId, cancellationToken);

            db.ErpRequests.Add(subJob.Retry(actor, time.GetUtcNow().UtcDateTime, command.Version));
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ErpTarget.HoldAsync(db, await currentErp.CompanyAsync(cancellationToken), subJob.Project, cancellationToken);

            // Since this export failed, another sub job of the job may have been accepted under the same ERP
            // Job ID; the unique index lets only one of them be Exporting or Synced.
            await db.SaveChangesOrExplainAsync(
                async () => await ErpSubJobIdUsage.TakenAsync(db, subJob, subJob.ErpSubJobId!, cancellationToken)
                    ? new DomainRuleException($"ERP Job ID {subJob.ErpSubJobId} is now used by another sub job of ERP job {subJob.Project.ErpJobId}. Reject this sub job so that it can be corrected and sent again.")
                    : null,
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            return new Result(subJob.Id, subJob.Code);
        }
    }

    // The body may be left out. Version omitted: no check.
    internal sealed record Body(int? Version);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/sub-jobs/{id:guid}/retry", async (Guid id, Body? body, Handler retry, Details.Handler details, CancellationToken cancellationToken) =>
            {
                await retry.HandleAsync(new Command(id, body?.Version), cancellationToken);
                return TypedResults.Accepted($"/api/v1/erp/sub-jobs/{id}", await details.HandleAsync(id, cancellationToken));
            })
            .WithName("RetryErpSubJob")
            .RequireAuthorization(Permissions.RetryExports)
            .WithTags("ERP Integrations")
            .WithSummary("Export a Failed to Export sub job again, after the fault was fixed in the ERP.")
            .WithDescription(ReviewedVersion.Description)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
