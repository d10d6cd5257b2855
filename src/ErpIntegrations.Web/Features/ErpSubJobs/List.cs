using System.Linq.Expressions;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// One page of the sub jobs under a filter, by sent date, paged by keyset so that a page costs the same at
// row 25 and at row 1,000,000. Each state is read on its own as a range of the (CompanyId, State, LastSentAt)
// index and the few rows are merged here: an IN over states would make the database sort them all.
// Rows without a sent date (synced sub jobs added from the ERP) come after the dated ones, ordered by id,
// so the order never depends on where a database puts nulls. The keyset condition repeats its bound on
// the sent date outside the OR, so that every database can seek the index to it instead of scanning.
public static class List
{
    public const int PageSize = 25;

    public const int MaxPageSize = 100;

    public const int MaxSearchLength = 200;

    // Limit: the page shows PageSize rows, the API asks for up to MaxPageSize. Proposals: the ERP Job IDs an approver's
    // Accept starts from, which a CSV export leaves out.
    public sealed record Query(SubJobFilter Filter, string? Search, bool NewestFirst, ListCursor? After, int Limit = PageSize, bool Proposals = true);

    // Tags each page's queries, so that a test can count and hold them.
    public const string QueryTag = "ErpSubJobs.List page";

    public sealed record Result(IReadOnlyList<SubJobRow> Rows, ListCursor? Next);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var pageSize = Math.Clamp(query.Limit, 1, MaxPageSize);
            var take = pageSize + 1;
            var rows = new List<SubJobRow>();
            if (query.After is not { SentAt: null })
            {
                foreach (var state in query.Filter.States())
                {
                    var dated = Filtered(state, query.Search).Where(s => s.LastSentAt != null);
                    if (query.After is { SentAt: { } sentAt, Id: var id })
                    {
                        dated = dated.Where(query.NewestFirst ? Before(sentAt, id) : After(sentAt, id));
                    }

                    dated = query.NewestFirst
                        ? dated.OrderByDescending(s => s.LastSentAt).ThenByDescending(s => s.Id)
                        : dated.OrderBy(s => s.LastSentAt).ThenBy(s => s.Id);
                    rows.AddRange(await SubJobRows.Select(dated.Take(take)).ToListAsync(cancellationToken));
                }

                rows = query.NewestFirst
                    ? [.. rows.OrderByDescending(r => r.SentAt).ThenByDescending(r => r.Id).Take(take)]
                    : [.. rows.OrderBy(r => r.SentAt).ThenBy(r => r.Id).Take(take)];
            }

            if (rows.Count < take && query.Filter == SubJobFilter.Synced)
            {
                var undated = Filtered(SubJobState.Synced, query.Search).Where(s => s.LastSentAt == null);
                if (query.After is { SentAt: null, Id: var afterId })
                {
                    undated = undated.Where(s => s.Id.CompareTo(afterId) > 0);
                }

                rows.AddRange(await SubJobRows.Select(undated.OrderBy(s => s.Id).Take(take - rows.Count)).ToListAsync(cancellationToken));
            }

            var next = rows.Count > pageSize ? new ListCursor(rows[pageSize - 1].SentAt, rows[pageSize - 1].Id) : null;
            var page = await SubJobRows.WithWaitsAsync(db, currentErp, rows.Take(pageSize).ToList(), cancellationToken);
            if (query.Filter == SubJobFilter.ReadyToExport && query.Proposals)
            {
                page = await SubJobRows.WithProposalsAsync(currentErp, actor, page, cancellationToken);
            }

            return new Result(page, next);
        }

        private IQueryable<SubJob> Filtered(SubJobState state, string? search)
        {
            var subJobs = db.SubJobs.AsNoTracking().TagWith(QueryTag).Where(s => s.State == state);
            if (!string.IsNullOrWhiteSpace(search))
            {
                var term = search.Trim().ToUpperInvariant();
                subJobs = subJobs.Where(s =>
                    s.Code.ToUpper().Contains(term)
                    || s.Description.ToUpper().Contains(term)
                    || s.Project.Name.ToUpper().Contains(term)
                    || s.Project.Number.ToUpper().Contains(term));
            }

            return subJobs;
        }

        private static Expression<Func<SubJob, bool>> After(DateTime sentAt, Guid id) =>
            s => s.LastSentAt >= sentAt && (s.LastSentAt > sentAt || s.Id.CompareTo(id) > 0);

        private static Expression<Func<SubJob, bool>> Before(DateTime sentAt, Guid id) =>
            s => s.LastSentAt <= sentAt && (s.LastSentAt < sentAt || s.Id.CompareTo(id) < 0);
    }

    internal sealed record Page(IReadOnlyList<ErpSubJobItem> Items, string? NextCursor);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/sub-jobs", async Task<IResult> (string? filter, string? search, string? cursor, int? limit, string? format, HttpContext http, Handler list, ReadyToImport.Handler imports, ListCsv.Handler csv, CancellationToken cancellationToken) =>
            {
                var (parsed, after, asCsv) = ListParameters.Read(filter, search, cursor, limit, format, ListCsv.Accepted(http.Request));
                if (asCsv)
                {
                    await csv.WriteAsync(http, new ListCsv.Query(parsed, search, NewestFirst: true));
                    return Results.Empty;
                }

                if (parsed == SubJobFilter.ReadyToImport)
                {
                    var importable = await imports.HandleAsync(new ReadyToImport.Query(search), cancellationToken);
                    return TypedResults.Ok(new Page([.. importable.Rows.Select(ErpSubJobItem.From)], null));
                }

                var page = await list.HandleAsync(new Query(parsed, search, NewestFirst: true, after, limit ?? PageSize), cancellationToken);
                return TypedResults.Ok(new Page([.. page.Rows.Select(ErpSubJobItem.From)], page.Next?.ToString()));
            })
            .WithName("ListErpSubJobs")
            .RequireAuthorization(Permissions.ViewErpTool)
            .WithTags("ERP Integrations")
            .WithSummary("Sub jobs under one filter of the ERP Integrations tool, newest sent first, a page at a time.")
            .WithDescription("filter: ready_to_export (default; includes exporting), failed_to_export, synced, ready_to_import (read from the ERP and returned whole in one page; limit and cursor are refused for it). "
                + $"search matches code, description, project name or number. limit: 1 to {MaxPageSize}, default {PageSize}. Pass nextCursor as cursor for the next page. "
                + "format=csv (or Accept: text/csv) answers the whole list under the filter and search as a CSV file instead (UTF-8 with a byte order mark, a header row, "
                + "one row per sub job; limit and cursor are refused with it).")
            .Produces<Page>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .AddOpenApiOperationTransformer(ListParameters.DescribeAsync);
}
