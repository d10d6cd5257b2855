using System.Collections.Concurrent;
using System.Linq.Expressions;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// One page of the sub jobs under a filter, in one of four orders, paged by keyset so that a page costs the same at
// row 25 and at row 1,000,000, read in one statement. Each state of the filter is read as an ordered range of an
// index — (CompanyId, State, LastSentAt) by sent date, (CompanyId, State, Code, Id) by code, project after project
// through (ProjectId, State, Code) by project — taking at most a page from each, and the union of those few rows is ordered
// and cut: an IN over the states would make the database sort them all. Rows without a sent date (synced sub jobs
// added from the ERP) come after the dated ones, in the order of their ids, so the order never depends on where a
// database puts nulls. The keyset condition repeats its bound on the first key outside the OR, so that every database
// can seek the index to it instead of scanning. What an exporting row's export waits for is read in the same statement.
public static class List
{
    public const int PageSize = 25;

    public const int MaxPageSize = 100;

    public const int MaxSearchLength = 200;

    // Limit: the page shows PageSize rows, the API asks for up to MaxPageSize. Proposals: the ERP Job IDs an approver's
    // Accept starts from, which a CSV export leaves out. A cursor of another sort starts from the first page.
    public sealed record Query(SubJobFilter Filter, string? Search, ListSort Sort, ListCursor? After, int Limit = PageSize, bool Proposals = true);

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
            var after = query.After is { } cursor && cursor.Fits(query.Sort) ? cursor : null;
            var term = SubJobSearch.Term(query.Search);
            var values = new PageValues
            {
                CompanyId = db.CompanyId,
                SentAt = after?.SentAt ?? default,
                AfterId = after?.Id ?? default,
                Code = after?.Code ?? "",
                Number = after?.ProjectNumber ?? "",
                Take = take,
            };
            List<Found> found;
            if (term is null)
            {
                // Without a search, a page of the same shape (filter, order, kind of cursor) runs the statement compiled
                // for it, with its values as parameters.
                var shape = $"{db.GetType().Name} {query.Filter} {query.Sort} {after is null} {after?.SentAt is null} {after?.Code is null} {after?.ProjectNumber is null}";
                if (CompiledPages.GetOrAdd(shape, _ => Compile(Page(query.Filter, null, query.Sort, after, values))) is not { } compiled)
                {
                    return new Result([], null);
                }

                found = new List<Found>(take);
                await foreach (var row in compiled(db, values.CompanyId, values.SentAt, values.AfterId, values.Code, values.Number, values.Take).WithCancellation(cancellationToken))
                {
                    found.Add(row);
                }
            }
            else if (Page(query.Filter, term, query.Sort, after, values) is { } page)
            {
                found = await page.ToListAsync(cancellationToken);
            }
            else
            {
                return new Result([], null);
            }

            var next = found.Count > pageSize ? CursorOf(found[pageSize - 1].Row, query.Sort) : null;
            var shown = await WithWaitsAsync(found.Take(pageSize).ToList(), cancellationToken);
            if (query.Filter == SubJobFilter.ReadyToExport && query.Proposals)
            {
                shown = await SubJobRows.WithProposalsAsync(currentErp, actor, shown, cancellationToken);
            }

            return new Result(shown, next);
        }

        // The page's statement, its values read from `values` (parameters once compiled); null when the shape reads nothing.
        private IQueryable<Found>? Page(SubJobFilter filter, string? term, ListSort sort, ListCursor? after, PageValues values)
        {
            var arms = Arms(filter, term, sort, after, values).ToList();
            if (arms.Count == 0)
            {
                return null;
            }

            var page = arms.Count == 1 ? arms[0] : Take(Ordered(arms.Aggregate(Queryable.Concat), sort), values);
            // The company's filter is stated in each range (Filtered) instead of on every table of the statement, so
            // that the page's rows are then looked up by key rather than among all of the company's. The page's ids are
            // written into the statement, not captured, so that a compiled statement holds no value of its first run.
            var subJob = Expression.Parameter(typeof(SubJob), "s");
            var inPage = Expression.Lambda<Func<SubJob, bool>>(
                Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(Guid)], page.Select(s => s.Id).Expression, Expression.Property(subJob, nameof(SubJob.Id))),
                subJob);
            return Select(Ordered(db.SubJobs.Where(inPage), sort)).IgnoreQueryFilters().AsNoTracking().TagWith(QueryTag);
        }

        // Each state's range, ordered and cut to a page; by sent date, the undated synced rows as a range of their own.
        // With a search, each range once for each way of reading it (SubJobSearch.Sources), of which one reads rows.
        private IEnumerable<IQueryable<SubJob>> Arms(SubJobFilter filter, string? term, ListSort sort, ListCursor? after, PageValues values)
        {
            IReadOnlyList<SubJobSearch.Source> sources = term is null
                ? [new SubJobSearch.Source(db.SubJobs.Where(s => s.CompanyId == values.CompanyId), db.Projects.Where(p => p.CompanyId == values.CompanyId))]
                : SubJobSearch.Sources(db, term);
            foreach (var state in filter.States())
            {
                foreach (var source in sources)
                {
                    if (Arm(source, state, sort, after, values) is { } arm)
                    {
                        yield return arm;
                    }
                }
            }

            if (filter == SubJobFilter.Synced && sort.BySentDate())
            {
                foreach (var source in sources)
                {
                    var undated = Filtered(source, SubJobState.Synced).Where(s => s.LastSentAt == null);
                    if (after is { SentAt: null })
                    {
                        undated = undated.Where(s => s.Id.CompareTo(values.AfterId) > 0);
                    }

                    yield return Take(undated.OrderBy(s => s.Id), values);
                }
            }
        }

        private static IQueryable<SubJob>? Arm(SubJobSearch.Source source, SubJobState state, ListSort sort, ListCursor? after, PageValues values)
        {
            var subJobs = Filtered(source, state);
            switch (sort)
            {
                case ListSort.Newest or ListSort.Oldest:
                    var newest = sort == ListSort.Newest;
                    if (after is { SentAt: null })
                    {
                        return null;
                    }

                    var dated = subJobs.Where(s => s.LastSentAt != null);
                    if (after is { SentAt: not null })
                    {
                        dated = dated.Where(newest ? Before(values) : After(values));
                    }

                    return Take(newest
                        ? dated.OrderByDescending(s => s.LastSentAt).ThenByDescending(s => s.Id)
                        : dated.OrderBy(s => s.LastSentAt).ThenBy(s => s.Id), values);
                case ListSort.Code:
                    if (after is { Code: not null })
                    {
                        subJobs = subJobs.Where(s => s.Code.CompareTo(values.Code) >= 0 && (s.Code.CompareTo(values.Code) > 0 || s.Id.CompareTo(values.AfterId) > 0));
                    }

                    return Take(subJobs.OrderBy(s => s.Code).ThenBy(s => s.Id), values);
                default:
                    // In the list's order, project after project (CROSS JOIN keeps SQLite reading Projects first), each
                    // project's range of the state in order of code: no sort, and it stops at the page.
                    var byProject = source.Projects is { } projects
                        ? from p in projects
                          from s in subJobs
                          where s.ProjectId == p.Id
                          select new ByProject { Number = p.Number, SubJob = s }
                        : subJobs.Select(s => new ByProject { Number = s.Project.Number, SubJob = s });
                    if (after is { ProjectNumber: not null, Code: not null })
                    {
                        byProject = byProject.Where(r => r.Number.CompareTo(values.Number) >= 0
                            && (r.Number.CompareTo(values.Number) > 0 || r.SubJob.Code.CompareTo(values.Code) > 0));
                    }

                    return Take(byProject.OrderBy(r => r.Number).ThenBy(r => r.SubJob.Code), values).Select(r => r.SubJob);
            }
        }

        private static IQueryable<SubJob> Ordered(IQueryable<SubJob> rows, ListSort sort) => sort switch
        {
            ListSort.Newest => rows.OrderBy(s => s.LastSentAt == null).ThenByDescending(s => s.LastSentAt)
                .ThenBy(s => s.LastSentAt == null ? s.Id : Guid.Empty).ThenByDescending(s => s.Id),
            ListSort.Oldest => rows.OrderBy(s => s.LastSentAt == null).ThenBy(s => s.LastSentAt).ThenBy(s => s.Id),
            ListSort.Code => rows.OrderBy(s => s.Code).ThenBy(s => s.Id),
            _ => rows.OrderBy(s => s.Project.Number).ThenBy(s => s.Code),
        };

        private static ListCursor CursorOf(SubJobRow row, ListSort sort) => sort switch
        {
            ListSort.Code => new ListCursor(null, row.Id, null, row.Code),
            ListSort.Project => new ListCursor(null, row.Id, row.ProjectNumber, row.Code),
            _ => new ListCursor(row.SentAt, row.Id),
        };

        // The state is written into the statement: it is part of the page's shape.
        private static IQueryable<SubJob> Filtered(SubJobSearch.Source source, SubJobState state)
        {
            var subJob = Expression.Parameter(typeof(SubJob), "s");
            return source.SubJobs.Where(Expression.Lambda<Func<SubJob, bool>>(
                Expression.Equal(Expression.Property(subJob, nameof(SubJob.State)), Expression.Constant(state)), subJob));
        }

        // Take(values.Take) as an expression, so that it stays a parameter.
        private static IQueryable<T> Take<T>(IQueryable<T> rows, PageValues values) =>
            rows.Provider.CreateQuery<T>(Expression.Call(
                typeof(Queryable), nameof(Queryable.Take), [typeof(T)], rows.Expression, Expression.Property(Expression.Constant(values), nameof(PageValues.Take))));

        private sealed class ByProject
        {
            public required string Number { get; init; }

            public required SubJob SubJob { get; init; }
        }

        // Read around the page's ids, so that only the page's rows are read in full and joined to their project, in the
        // page's order again. The cost codes come from the sub job's own row (CostCodeList), without a join.
        private IQueryable<Found> Select(IQueryable<SubJob> subJobs) =>
            subJobs.Select(s => new Found(
                s.Id,
                s.ProjectId,
                s.Project.Number,
                s.Project.Name,
                s.Project.ErpJobId,
                s.Code,
                s.Description,
                s.CostCodeList,
                s.LastSentByName,
                s.LastSentAt,
                s.State,
                s.ErpSubJobId,
                s.ExportError,
                s.Version,
                s.State == SubJobState.Exporting
                    ? db.ErpRequests.Where(r => r.SubJobId == s.Id && r.Status == ErpRequestStatus.InProgress && r.ErpUnreachableSince != null)
                        .Select(r => r.ErpUnreachableSince).FirstOrDefault()
                    : null,
                s.State == SubJobState.Exporting
                    ? db.ErpRequests.Where(r => r.SubJobId == s.Id && r.Status == ErpRequestStatus.InProgress && r.ErpUnreachableSince != null)
                        .Select(r => (DateTime?)r.NextAttemptAt).FirstOrDefault()
                    : null));

        // The ERP's name is needed only beside an export that waits for it.
        private async Task<List<SubJobRow>> WithWaitsAsync(List<Found> found, CancellationToken cancellationToken)
        {
            if (!found.Any(f => f.WaitingSince is not null))
            {
                return [.. found.Select(f => f.Row)];
            }

            var erp = (await currentErp.ShownConnectorAsync(cancellationToken)).Capabilities.DisplayName;
            return [.. found.Select(f => f.WaitingSince is { } since && f.NextAttemptAt is { } nextAttempt
                ? f.Row with { Waiting = new ExportWait(erp, since, nextAttempt) }
                : f.Row)];
        }

        private static Expression<Func<SubJob, bool>> After(PageValues values) =>
            s => s.LastSentAt >= values.SentAt && (s.LastSentAt > values.SentAt || s.Id.CompareTo(values.AfterId) > 0);

        private static Expression<Func<SubJob, bool>> Before(PageValues values) =>
            s => s.LastSentAt <= values.SentAt && (s.LastSentAt < values.SentAt || s.Id.CompareTo(values.AfterId) < 0);

        private delegate IAsyncEnumerable<Found> CompiledPage(AppDbContext db, Guid companyId, DateTime sentAt, Guid afterId, string code, string number, int take);

        // By shape and database; null for a shape that reads nothing.
        private static readonly ConcurrentDictionary<string, CompiledPage?> CompiledPages = new();

        // The values of a page's statement, apart from its shape.
        private sealed class PageValues
        {
            public Guid CompanyId { get; init; }

            public DateTime SentAt { get; init; }

            public Guid AfterId { get; init; }

            public string Code { get; init; } = "";

            public string Number { get; init; } = "";

            public int Take { get; init; }
        }

        // The page's statement as a compiled query: each read of PageValues becomes the parameter of that name, each
        // read of the context the compiled query's context, each table the context's set. Anything else captured would
        // be kept from the first run and is refused.
        private static CompiledPage? Compile(IQueryable<Found>? page)
        {
            if (page is null)
            {
                return null;
            }

            var db = Expression.Parameter(typeof(AppDbContext), "db");
            ParameterExpression[] parameters =
            [
                Expression.Parameter(typeof(Guid), "companyId"),
                Expression.Parameter(typeof(DateTime), "sentAt"),
                Expression.Parameter(typeof(Guid), "afterId"),
                Expression.Parameter(typeof(string), "code"),
                Expression.Parameter(typeof(string), "number"),
                Expression.Parameter(typeof(int), "take"),
            ];
            var body = new Parameterizer(db, parameters).Visit(page.Expression);
            var lambda = Expression.Lambda<Func<AppDbContext, Guid, DateTime, Guid, string, string, int, IQueryable<Found>>>(body, [db, .. parameters]);
            var compiled = EF.CompileAsyncQuery(lambda);
            return (context, companyId, sentAt, afterId, code, number, take) => compiled(context, companyId, sentAt, afterId, code, number, take);
        }

        private sealed class Parameterizer(ParameterExpression db, ParameterExpression[] parameters) : ExpressionVisitor
        {
            private static readonly System.Reflection.MethodInfo Set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;

            protected override Expression VisitMember(MemberExpression node)
            {
                if (node.Expression?.Type == typeof(PageValues))
                {
                    return parameters.Single(p => string.Equals(p.Name, node.Member.Name, StringComparison.OrdinalIgnoreCase));
                }

                if (typeof(AppDbContext).IsAssignableFrom(node.Type))
                {
                    return db;
                }

                // A range captured whole (the sub jobs a project's range reads): its own statement, written in.
                if (node is { Expression: ConstantExpression { Value: var closure }, Member: System.Reflection.FieldInfo field } && typeof(IQueryable).IsAssignableFrom(node.Type))
                {
                    return Visit(((IQueryable)field.GetValue(closure)!).Expression);
                }

                return node.Expression is ConstantExpression
                    ? throw new InvalidOperationException($"A list page's compiled statement would keep the value of {node}.")
                    : base.VisitMember(node);
            }

            protected override Expression VisitConstant(ConstantExpression node) =>
                node.Value is null || node.Type.IsPrimitive || node.Type.IsEnum || node.Type == typeof(string) || node.Type == typeof(Guid)
                    ? node
                    : throw new InvalidOperationException($"A list page's compiled statement would keep the value {node}.");

            protected override Expression VisitExtension(Expression node) =>
                node is Microsoft.EntityFrameworkCore.Query.EntityQueryRootExpression root
                    ? Expression.Call(db, Set.MakeGenericMethod(root.ElementType))
                    : throw new InvalidOperationException($"A list page's compiled statement cannot hold {node}.");
        }

        private sealed record Found(
            Guid Id,
            Guid ProjectId,
            string ProjectNumber,
            string ProjectName,
            string? ProjectErpJobId,
            string Code,
            string Description,
            IReadOnlyList<string> CostCodes,
            string? SentBy,
            DateTime? SentAt,
            SubJobState State,
            string? ErpSubJobId,
            string? ExportError,
            int Version,
            DateTime? WaitingSince,
            DateTime? NextAttemptAt)
        {
            public SubJobRow Row => new(
                Id,
                ProjectId,
                ProjectNumber,
                ProjectName,
                ProjectErpJobId,
                Code,
                Description,
                CostCodes,
                SentBy,
                SentAt,
                State,
                ErpSubJobId,
                ExportError,
                Version,
                null);
        }
    }

    internal sealed record Page(IReadOnlyList<ErpSubJobItem> Items, string? NextCursor);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/sub-jobs", async Task<IResult> (string? filter, string? search, string? sort, string? cursor, string? limit, string? format, HttpContext http, Handler list, ReadyToImport.Handler imports, ListCsv.Handler csv, CancellationToken cancellationToken) =>
            {
                var (parsed, order, after, asCsv, pageSize) = ListParameters.Read(filter, search, cursor, limit, format, ListCsv.Accepted(http.Request), sort);
                if (asCsv)
                {
                    await csv.WriteAsync(http, new ListCsv.Query(parsed, search, order));
                    return Results.Empty;
                }

                if (parsed == SubJobFilter.ReadyToImport)
                {
                    var importable = await imports.HandleAsync(new ReadyToImport.Query(search), cancellationToken);
                    return TypedResults.Ok(new Page([.. importable.Rows.Select(ErpSubJobItem.From)], null));
                }

                var page = await list.HandleAsync(new Query(parsed, search, order, after, pageSize ?? PageSize), cancellationToken);
                return TypedResults.Ok(new Page([.. page.Rows.Select(ErpSubJobItem.From)], page.Next?.ToString()));
            })
            .WithName("ListErpSubJobs")
            .RequireAuthorization(Permissions.ViewErpTool)
            .WithTags("ERP Integrations")
            .WithSummary("Sub jobs under one filter of the ERP Integrations tool, newest sent first (or in another order), a page at a time.")
            .WithDescription("filter: ready_to_export (default; includes exporting), failed_to_export, synced, ready_to_import (read from the ERP and returned whole in one page; limit and cursor are refused for it). "
                + "search matches code, description, project name or number (any part of them, whatever the case). "
                + "sort: newest (sent date, the default), oldest, project (project number, then code) or code. "
                + $"limit: 1 to {MaxPageSize}, default {PageSize}. Pass nextCursor as cursor for the next page, with the same filter, search and sort. "
                + "format=csv (or Accept: text/csv) answers the whole list under the filter and search as a CSV file instead (UTF-8 with a byte order mark, a header row, "
                + "one row per sub job; limit and cursor are refused with it).")
            .Produces<Page>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .AddOpenApiOperationTransformer(ListParameters.DescribeAsync);
}
