using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

public enum SubJobFilter
{
    ReadyToExport,
    FailedToExport,
    Synced,
    ReadyToImport,
}

public static class SubJobFilters
{
    public static readonly IReadOnlyList<SubJobFilter> All = Enum.GetValues<SubJobFilter>();

    public static string Slug(this SubJobFilter filter) => filter switch
    {
        SubJobFilter.ReadyToExport => "ready-to-export",
        SubJobFilter.FailedToExport => "failed-to-export",
        SubJobFilter.Synced => "synced",
        SubJobFilter.ReadyToImport => "ready-to-import",
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    public static string Title(this SubJobFilter filter) => filter switch
    {
        SubJobFilter.ReadyToExport => "Ready to Export",
        SubJobFilter.FailedToExport => "Failed to Export",
        SubJobFilter.Synced => "Synced",
        SubJobFilter.ReadyToImport => "Ready to Import",
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    public static string EmptyText(this SubJobFilter filter) => filter switch
    {
        SubJobFilter.ReadyToExport => "No sub jobs are ready to export.",
        SubJobFilter.FailedToExport => "No sub jobs failed to export.",
        SubJobFilter.Synced => "No sub jobs are synced yet.",
        SubJobFilter.ReadyToImport => "No sub jobs are ready to import: every sub job in the ERP is already on its project.",
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    /// <summary>The API's names: ready_to_export, failed_to_export, synced, ready_to_import (hyphens work too).</summary>
    public static SubJobFilter? ParseApi(string? name)
    {
        var wanted = name?.Trim().Replace('_', '-');
        return string.IsNullOrEmpty(wanted)
            ? SubJobFilter.ReadyToExport
            : All.Cast<SubJobFilter?>().FirstOrDefault(f => string.Equals(f!.Value.Slug(), wanted, StringComparison.OrdinalIgnoreCase));
    }

    public static SubJobFilter Parse(string? slug) =>
        All.FirstOrDefault(f => string.Equals(f.Slug(), slug, StringComparison.OrdinalIgnoreCase), SubJobFilter.ReadyToExport);

    /// <summary>The states a filter lists; Exporting shows under Ready to Export with an in-progress marker.</summary>
    public static IReadOnlyList<SubJobState> States(this SubJobFilter filter) => filter switch
    {
        SubJobFilter.ReadyToExport => [SubJobState.ReadyToExport, SubJobState.Exporting],
        SubJobFilter.FailedToExport => [SubJobState.FailedToExport],
        SubJobFilter.Synced => [SubJobState.Synced],
        _ => [],
    };
}

/// <summary>
/// One page of the sub jobs under a filter, by sent date, paged by keyset so that a page costs the same at
/// row 25 and at row 1,000,000. Each state is read on its own as a range of the (CompanyId, State, LastSentAt)
/// index and the few rows are merged here: an <c>IN</c> over states would make the database sort them all.
/// Rows without a sent date (synced sub jobs added from the ERP) come after the dated ones, ordered by id,
/// so the order never depends on where a database puts nulls. The keyset condition repeats its bound on
/// the sent date outside the OR, so that every database can seek the index to it instead of scanning.
/// </summary>
public static class List
{
    public const int PageSize = 25;

    public const int MaxPageSize = 100;

    public const int MaxSearchLength = 200;

    /// <param name="Limit">Rows per page: the page shows <see cref="PageSize"/>, the API asks for up to <see cref="MaxPageSize"/>.</param>
    public sealed record Query(SubJobFilter Filter, string? Search, bool NewestFirst, Cursor? After, int Limit = PageSize);

    public sealed record Cursor(DateTime? SentAt, Guid Id)
    {
        public override string ToString() =>
            $"{(SentAt is { } sent ? sent.Ticks.ToString(CultureInfo.InvariantCulture) : "n")}_{Id:N}";

        public static Cursor? Parse(string? text)
        {
            var parts = text?.Split('_');
            if (parts is not { Length: 2 } || !Guid.TryParseExact(parts[1], "N", out var id))
            {
                return null;
            }

            if (parts[0] == "n")
            {
                return new Cursor(null, id);
            }

            return long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is > 0 and < 3155378975999999999
                ? new Cursor(new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
        }
    }

    public sealed record Row(
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
        string? ErpJobId,
        string? ExportError,
        string? ProposedErpJobId);

    public sealed record Result(IReadOnlyList<Row> Rows, Cursor? Next);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var pageSize = Math.Clamp(query.Limit, 1, MaxPageSize);
            var take = pageSize + 1;
            var rows = new List<Row>();
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
                    rows.AddRange(await ToRows(dated.Take(take)).ToListAsync(cancellationToken));
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

                rows.AddRange(await ToRows(undated.OrderBy(s => s.Id).Take(take - rows.Count)).ToListAsync(cancellationToken));
            }

            var next = rows.Count > pageSize ? new Cursor(rows[pageSize - 1].SentAt, rows[pageSize - 1].Id) : null;
            var page = rows.Take(pageSize).ToList();
            if (query.Filter == SubJobFilter.ReadyToExport)
            {
                page = await WithProposalsAsync(currentErp, actor, page, cancellationToken);
            }

            return new Result(page, next);
        }

        /// <summary>The ERP Job ID an approver's Accept starts from, for the rows still waiting for one.</summary>
        internal static async Task<List<Row>> WithProposalsAsync(CurrentErp currentErp, Actor actor, List<Row> rows, CancellationToken cancellationToken)
        {
            if (!Access.CanApprove(actor) || !rows.Any(r => r.State == SubJobState.ReadyToExport))
            {
                return rows;
            }

            var connector = await currentErp.ConnectorAsync(cancellationToken);
            return [.. rows.Select(r => r.State == SubJobState.ReadyToExport && r.ProjectErpJobId is { } job
                ? r with { ProposedErpJobId = connector.ProposeErpJobId(new(r.Code, r.Description, job)) }
                : r)];
        }

        private IQueryable<SubJob> Filtered(SubJobState state, string? search)
        {
            var subJobs = db.SubJobs.AsNoTracking().Where(s => s.State == state);
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

        internal static IQueryable<Row> ToRows(IQueryable<SubJob> subJobs) =>
            subJobs.Select(s => new Row(
                s.Id,
                s.ProjectId,
                s.Project.Number,
                s.Project.Name,
                s.Project.ErpJobId,
                s.Code,
                s.Description,
                s.CostCodes.OrderBy(c => c.Code).Select(c => c.Code).ToList(),
                s.LastSentByName,
                s.LastSentAt,
                s.State,
                s.ErpJobId,
                s.ExportError,
                null));
    }

    internal sealed record ProjectRef(Guid Id, string Number, string Name, string? ErpJobId);

    /// <summary>A sub job as the API shows it under ERP Integrations.</summary>
    /// <param name="Id">Null for a sub job that exists only in the ERP (Ready to Import).</param>
    /// <param name="State">not_sent, ready_to_export, exporting, synced, failed_to_export, rejected, retrieved, or ready_to_import.</param>
    /// <param name="Errors">The ERP's messages when the export failed.</param>
    /// <param name="History">Every action on the sub job, oldest first; only on a single sub job.</param>
    internal sealed record Item(
        Guid? Id,
        ProjectRef Project,
        string Code,
        string Description,
        IReadOnlyList<string> CostCodes,
        string State,
        string? SentBy,
        DateTime? SentAt,
        string? ErpJobId,
        string? ProposedErpJobId,
        IReadOnlyList<string> Errors,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ProjectSubJobs.Details.HistoryEntry>? History = null)
    {
        public static Item From(Row r) => new(
            r.Id,
            new ProjectRef(r.ProjectId, r.ProjectNumber, r.ProjectName, r.ProjectErpJobId),
            r.Code,
            r.Description,
            r.CostCodes,
            JsonNamingPolicy.SnakeCaseLower.ConvertName(r.State.ToString()),
            r.SentBy,
            r.SentAt,
            r.ErpJobId,
            r.ProposedErpJobId,
            r.State == SubJobState.FailedToExport && !string.IsNullOrEmpty(r.ExportError) ? [r.ExportError] : []);

        public static Item From(ReadyToImport.Row r) => new(
            null,
            new ProjectRef(r.ProjectId, r.ProjectNumber, r.ProjectName, r.ErpJob),
            r.ErpJobId,
            r.Description,
            r.CostCodes,
            "ready_to_import",
            null,
            null,
            r.ErpJobId,
            null,
            []);
    }

    internal sealed record Page(IReadOnlyList<Item> Items, string? NextCursor);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/sub-jobs", async (string? filter, string? search, string? cursor, int? limit, Handler list, ReadyToImport.Handler imports, CancellationToken cancellationToken) =>
            {
                var errors = new Dictionary<string, string[]>();
                var parsed = SubJobFilters.ParseApi(filter);
                if (parsed is null)
                {
                    errors["filter"] = ["Use one of: ready_to_export, failed_to_export, synced, ready_to_import."];
                }

                if (search?.Length > MaxSearchLength)
                {
                    errors["search"] = [$"Keep the search to at most {MaxSearchLength} characters."];
                }

                var after = Cursor.Parse(cursor);
                if (!string.IsNullOrEmpty(cursor) && after is null)
                {
                    errors["cursor"] = ["Use the nextCursor of a previous page, unchanged."];
                }

                if (limit is < 1 or > MaxPageSize)
                {
                    errors["limit"] = [$"Ask for 1 to {MaxPageSize} items."];
                }

                if (parsed == SubJobFilter.ReadyToImport && (cursor is not null || limit is not null))
                {
                    errors[cursor is not null ? "cursor" : "limit"] = ["Ready to Import is read from the ERP and returned whole, in one page: leave out limit and cursor."];
                }

                if (errors.Count > 0)
                {
                    throw new InputException(errors);
                }

                if (parsed == SubJobFilter.ReadyToImport)
                {
                    var importable = await imports.HandleAsync(new ReadyToImport.Query(search), cancellationToken);
                    return new Page([.. importable.Rows.Select(Item.From)], null);
                }

                var page = await list.HandleAsync(new Query(parsed!.Value, search, NewestFirst: true, after, limit ?? PageSize), cancellationToken);
                return new Page([.. page.Rows.Select(Item.From)], page.Next?.ToString());
            })
            .WithName("ListErpSubJobs")
            .RequireAuthorization(Permissions.ViewErpTool)
            .WithTags("ERP Integrations")
            .WithSummary("Sub jobs under one filter of the ERP Integrations tool, newest sent first, a page at a time.")
            .WithDescription("filter: ready_to_export (default; includes exporting), failed_to_export, synced, ready_to_import (read from the ERP and returned whole in one page; limit and cursor are refused for it). "
                + $"search matches code, description, project name or number. limit: 1 to {MaxPageSize}, default {PageSize}. Pass nextCursor as cursor for the next page.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    parameter.Schema = parameter.Name switch
                    {
                        "filter" => new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Enum = [.. SubJobFilters.All.Select(f => (JsonNode)JsonValue.Create(f.Slug().Replace('-', '_')))],
                            Default = JsonValue.Create("ready_to_export"),
                        },
                        "limit" => new OpenApiSchema
                        {
                            Type = JsonSchemaType.Integer,
                            Format = "int32",
                            Minimum = "1",
                            Maximum = MaxPageSize.ToString(CultureInfo.InvariantCulture),
                            Default = JsonValue.Create(PageSize),
                        },
                        "search" => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = MaxSearchLength },
                        _ => parameter.Schema,
                    };
                }

                return Task.CompletedTask;
            });
}
