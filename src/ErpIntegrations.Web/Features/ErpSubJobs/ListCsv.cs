using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// The sub jobs under a filter and search as a CSV file for a spreadsheet (the page's Download CSV link and the API's
// format=csv or Accept: text/csv). Written as List reads it, one keyset page at a time, each page flushed to the
// response before the next is queried, so a long list never sits in memory. RFC 4180 by CsvHelper, UTF-8 with a BOM
// for Excel, and a field that a spreadsheet would run as a formula (= + - @ tab CR first) starts with a '.
public static class ListCsv
{
    public const string ContentType = "text/csv";

    public static readonly IReadOnlyList<string> Header =
        ["Project Number", "Project Name", "Code", "Description", "Cost Codes", "State", "Sent By", "Sent At (UTC)", "ERP Job ID", "Error"];

    public const string CostCodeSeparator = "; ";

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    public static string FileName(SubJobFilter filter, DateTime today) =>
        $"erp-sub-jobs-{filter.Slug()}-{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";

    // One line of the file, in the words the list shows.
    public sealed record Line(
        string ProjectNumber,
        string ProjectName,
        string Code,
        string Description,
        IReadOnlyList<string> CostCodes,
        string State,
        string? SentBy,
        DateTime? SentAt,
        string? ErpJobId,
        string? Error)
    {
        public static Line From(SubJobRow r) => new(
            r.ProjectNumber,
            r.ProjectName,
            r.Code,
            r.Description,
            r.CostCodes,
            r.State.ToDisplay(),
            r.SentBy,
            r.SentAt,
            r.State is SubJobState.Synced or SubJobState.Exporting or SubJobState.FailedToExport ? r.ErpSubJobId : null,
            r.State == SubJobState.FailedToExport ? r.ExportError : null);

        public static Line From(ReadyToImport.Row r) =>
            new(r.ProjectNumber, r.ProjectName, r.ErpSubJobId, r.Description, r.CostCodes, SubJobFilter.ReadyToImport.Title(), null, null, r.ErpSubJobId, null);
    }

    public sealed record Query(SubJobFilter Filter, string? Search, ListSort Sort);

    internal sealed class Handler(List.Handler list, ReadyToImport.Handler imports, TimeProvider time)
    {
        // The lines a page at a time; Ready to Import is read from the ERP whole, as one page.
        public async IAsyncEnumerable<IReadOnlyList<Line>> PagesAsync(Query query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (query.Filter == SubJobFilter.ReadyToImport)
            {
                var importable = await imports.HandleAsync(new ReadyToImport.Query(query.Search), cancellationToken);
                yield return [.. importable.Rows.Select(Line.From)];
                yield break;
            }

            ListCursor? after = null;
            do
            {
                var page = await list.HandleAsync(
                    new List.Query(query.Filter, query.Search, query.Sort, after, List.MaxPageSize, Proposals: false),
                    cancellationToken);
                yield return [.. page.Rows.Select(Line.From)];
                after = page.Next;
            }
            while (after is not null);
        }

        // Reads the first page before the response starts, so that a refusal (an unreachable ERP) still answers
        // with its status; then writes the header and every page, flushing after each.
        public async Task WriteAsync(HttpContext http, Query query)
        {
            var cancellationToken = http.RequestAborted;
            await using var pages = PagesAsync(query, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var any = await pages.MoveNextAsync();

            var response = http.Response;
            response.ContentType = $"{ContentType}; charset=utf-8";
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
            {
                FileName = FileName(query.Filter, time.GetUtcNow().UtcDateTime),
            }.ToString();
            response.Headers.CacheControl = "no-store";

            await using var csv = CsvWriter.Create(response.Body, Options, leaveOpen: true);
            foreach (var name in Header)
            {
                csv.WriteField(name);
            }

            await csv.EndRecordAsync(cancellationToken);
            while (any)
            {
                foreach (var line in pages.Current)
                {
                    await WriteAsync(csv, line, cancellationToken);
                }

                await csv.FlushAsync(cancellationToken);
                any = await pages.MoveNextAsync();
            }
        }

        private static ValueTask WriteAsync(CsvWriter csv, Line line, CancellationToken cancellationToken)
        {
            csv.WriteField(line.ProjectNumber);
            csv.WriteField(line.ProjectName);
            csv.WriteField(line.Code);
            csv.WriteField(line.Description);
            csv.WriteField(string.Join(CostCodeSeparator, line.CostCodes), CsvQuoting.Always);
            csv.WriteField(line.State);
            csv.WriteField(line.SentBy);
            csv.WriteField(line.SentAt is { } sent
                ? DateTime.SpecifyKind(sent, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : null);
            csv.WriteField(line.ErpJobId);
            csv.WriteField(line.Error);
            return csv.EndRecordAsync(cancellationToken);
        }
    }

    // An Accept header that names text/csv asks the API for CSV (as format=csv does).
    public static bool Accepted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase));

    // The page's Download CSV link runs the same writer.
    internal sealed class Download(Handler handler, Query query) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => handler.WriteAsync(context.HttpContext, query);
    }
}
