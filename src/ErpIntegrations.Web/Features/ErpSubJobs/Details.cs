using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// One sub job as ERP Integrations sees it, with its history; what Accept, Reject and Retry answer with.
public static class Details
{
    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp)
    {
        public async Task<ErpSubJobItem> HandleAsync(Guid subJobId, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var row = await SubJobRows.Select(db.SubJobs.AsNoTracking().Where(s => s.Id == subJobId)).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("The sub job");
            var withWait = await SubJobRows.WithWaitsAsync(db, currentErp, [row], cancellationToken);
            var withProposal = (await SubJobRows.WithProposalsAsync(currentErp, actor, withWait, cancellationToken))[0];
            var history = await SubJobHistory.OfAsync(db, subJobId, cancellationToken);
            return ErpSubJobItem.From(withProposal) with { History = history };
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/sub-jobs/{id:guid}", (Guid id, Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(id, cancellationToken))
            .WithName("GetErpSubJob")
            .RequireAuthorization(Permissions.ViewErpTool)
            .WithTags("ERP Integrations")
            .WithSummary("One sub job with its history.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
