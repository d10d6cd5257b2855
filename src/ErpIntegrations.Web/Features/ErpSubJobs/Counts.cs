using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// How many sub jobs each filter holds (Ready to Export counts the exporting ones too), or with a search how many of
// them match it: one statement that counts entries of the (CompanyId, State, …) index, or of the search's matches.
public static class Counts
{
    [ApiSchemaId("ErpSubJobsCounts")]
    public sealed record Result(int ReadyToExport, int FailedToExport, int Synced)
    {
        public int Of(SubJobFilter filter) => filter switch
        {
            SubJobFilter.ReadyToExport => ReadyToExport,
            SubJobFilter.FailedToExport => FailedToExport,
            SubJobFilter.Synced => Synced,
            _ => 0,
        };
    }

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        private static readonly SubJobState[] Listed = [SubJobState.ReadyToExport, SubJobState.Exporting, SubJobState.FailedToExport, SubJobState.Synced];

        public async Task<Result> HandleAsync(string? search, CancellationToken cancellationToken)
        {
            await currentUser.GetActorAsync(cancellationToken);
            var term = SubJobSearch.Term(search);
            var subJobs = term is null ? db.SubJobs : SubJobSearch.Matching(db, term);
            var counts = await subJobs.AsNoTracking().TagWith(List.QueryTag)
                .Where(s => Listed.Contains(s.State))
                .GroupBy(s => s.State)
                .Select(g => new { State = g.Key, Count = g.Count() })
                .ToDictionaryAsync(c => c.State, c => c.Count, cancellationToken);
            return new Result(
                counts.GetValueOrDefault(SubJobState.ReadyToExport) + counts.GetValueOrDefault(SubJobState.Exporting),
                counts.GetValueOrDefault(SubJobState.FailedToExport),
                counts.GetValueOrDefault(SubJobState.Synced));
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/sub-jobs/counts", (string? search, Handler counts, CancellationToken cancellationToken) =>
            {
                if (search?.Length > List.MaxSearchLength)
                {
                    throw new InputException("search", $"Keep the search to at most {List.MaxSearchLength} characters.");
                }

                return counts.HandleAsync(search, cancellationToken);
            })
            .WithName("CountErpSubJobs")
            .RequireAuthorization(Permissions.ViewErpTool)
            .WithTags("ERP Integrations")
            .WithSummary("How many sub jobs each filter of the ERP Integrations tool holds, or with search how many of them match it.")
            .WithDescription("readyToExport includes the sub jobs exporting. Ready to Import is read from the ERP and not counted here.")
            .Produces<Result>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
