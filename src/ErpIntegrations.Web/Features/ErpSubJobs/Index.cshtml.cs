using System.Text.Json;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// The company's ERP Integrations tool, Sub Jobs tab. Every action posts a plain form and redirects back to
// the same filter (Post-Redirect-Get); erp-sub-jobs.js posts the Accept form with fetch instead and asks
// for JSON, so the row can follow its export without a reload. A refusal is shown beside the form it
// concerns: ErrorAction and ErrorSubJobId say which. Every decision carries the version of the sub job its row showed
// (a hidden field; versions[id] for the bulk form), so a sub job changed since is refused instead of decided unseen.
[Authorize(Policy = Permissions.ViewErpTool)]
internal sealed class IndexModel(
    CurrentUser currentUser,
    CurrentErp currentErp,
    Connection.Handler connection,
    List.Handler list,
    Counts.Handler counts,
    ReadyToImport.Handler readyToImport) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "filter")]
    public string? FilterSlug { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    // The position of the page's first row in the list, carried from page to page for "26–50 of 1,204".
    [BindProperty(SupportsGet = true, Name = "from")]
    public string? FromText { get; set; }

    [TempData]
    public string? BulkResultsJson { get; set; }

    public SubJobFilter Filter => SubJobFilters.Parse(FilterSlug);

    public ListSort SortOrder => ListSorts.Parse(Sort) ?? ListSort.Newest;

    public int From => After is not null && int.TryParse(FromText, out var from) && from > 0 ? from : 1;

    public string ErpName { get; private set; } = "";

    public bool SupportsSubJobs { get; private set; }

    // The ERP keeps its ledger inside ERP Integrations (the Sandbox ERP), so the page can link to it.
    public bool HasLedger { get; private set; }

    public bool CanApprove { get; private set; }

    public IReadOnlyList<SubJobRow> Rows { get; private set; } = [];

    public ListCursor? Next { get; private set; }

    // Each filter's count, and with a search how many of the filter's sub jobs match it.
    public Counts.Result? Totals { get; private set; }

    public int? Matching { get; private set; }

    public ReadyToImport.Result? Imports { get; private set; }

    // What the ERP answered when its sub jobs could not be listed for Ready to Import.
    public string? ImportsProblem { get; private set; }

    public IReadOnlyList<BulkItemResult> BulkResults { get; private set; } = [];

    public string? Refusal => Error ?? FieldError;

    public string? ErrorAction { get; private set; }

    public Guid? ErrorSubJobId { get; private set; }

    public string? PostedErpJobId { get; private set; }

    public string? PostedReason { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    // Download CSV: the whole list under the filter, search and sort, streamed.
    public IActionResult OnGetCsv([FromServices] ListCsv.Handler csv) =>
        new ListCsv.Download(csv, new ListCsv.Query(Filter, Search, SortOrder));

    [HandlerPolicy(Permissions.AcceptSubJobs)]
    public Task<IActionResult> OnPostAcceptAsync(Guid subJobId, string? erpJobId, int? version, [FromServices] Accept.Handler accept, [FromServices] Status.Handler status, CancellationToken cancellationToken)
    {
        PostedErpJobId = erpJobId;
        return RunAsync("Accept", subJobId, async () =>
        {
            var accepted = await accept.HandleAsync(new Accept.Command(subJobId, erpJobId, version), cancellationToken);
            var message = $"{accepted.Code}: exporting to {ErpName} as {accepted.ErpSubJobId}…";
            return WantsJson
                ? new JsonResult(new { message, status = await status.HandleAsync(subJobId, cancellationToken) })
                : Done(message);
        }, cancellationToken);
    }

    [HandlerPolicy(Permissions.RetryExports)]
    public Task<IActionResult> OnPostRetryAsync(Guid subJobId, int? version, [FromServices] Retry.Handler retry, CancellationToken cancellationToken) =>
        RunAsync("Retry", subJobId, async () =>
        {
            var retried = await retry.HandleAsync(new Retry.Command(subJobId, version), cancellationToken);
            return Done($"{retried.Code}: exporting to {ErpName} again…", SubJobFilter.ReadyToExport);
        }, cancellationToken);

    [HandlerPolicy(Permissions.RejectSubJobs)]
    public Task<IActionResult> OnPostRejectAsync(Guid subJobId, string? reason, int? version, [FromServices] Reject.Handler reject, CancellationToken cancellationToken)
    {
        PostedReason = reason;
        return RunAsync("Reject", subJobId, async () =>
        {
            var rejected = await reject.HandleAsync(new Reject.Command(subJobId, reason, version), cancellationToken);
            return Done($"{rejected.Code}: rejected and sent back to its project for correction.");
        }, cancellationToken);
    }

    [HandlerPolicy(Permissions.AcceptSubJobs)]
    public Task<IActionResult> OnPostBulkAcceptAsync(Guid[]? selectedIds, Dictionary<Guid, int>? versions, [FromServices] BulkAccept.Handler bulkAccept, CancellationToken cancellationToken) =>
        RunAsync("BulkAccept", null, async () =>
            Done(await bulkAccept.HandleAsync(new BulkAccept.Command(BulkItems.From(selectedIds, versions)), cancellationToken)), cancellationToken);

    [HandlerPolicy(Permissions.RejectSubJobs)]
    public Task<IActionResult> OnPostBulkRejectAsync(Guid[]? selectedIds, Dictionary<Guid, int>? versions, string? reason, [FromServices] BulkReject.Handler bulkReject, CancellationToken cancellationToken)
    {
        PostedReason = reason;
        return RunAsync("BulkReject", null, async () =>
            Done(await bulkReject.HandleAsync(new BulkReject.Command(BulkItems.From(selectedIds, versions), reason), cancellationToken)), cancellationToken);
    }

    [HandlerPolicy(Permissions.AddSubJobsFromErp)]
    public Task<IActionResult> OnPostAddToProjectAsync(Guid projectId, string? erpJobId, [FromServices] AddToProject.Handler addToProject, CancellationToken cancellationToken) =>
        RunAsync("AddToProject", null, async () =>
        {
            var added = await addToProject.HandleAsync(new AddToProject.Command(projectId, erpJobId ?? ""), cancellationToken);
            return Done($"{added.Code}: added to project {added.ProjectNumber} as Synced.");
        }, cancellationToken);

    public override InputException TooManyValues(string field, int count) =>
        field.Equals("selectedIds", StringComparison.OrdinalIgnoreCase) ? BulkItems.TooMany() : base.TooManyValues(field, count);

    public string PageUrl(SubJobFilter? filter = null, string? after = null, int? from = null) =>
        Url.Page("/ErpSubJobs/Index", new
        {
            filter = (filter ?? Filter).Slug(),
            q = string.IsNullOrWhiteSpace(Search) || (filter is not null && filter != Filter) ? null : Search,
            sort = SortOrder == ListSort.Newest ? null : SortOrder.Slug(),
            after,
            from = after is null ? null : from ?? (FromText is null ? null : From),
        })!;

    public string CsvUrl =>
        Url.Page("/ErpSubJobs/Index", "Csv", new
        {
            filter = Filter.Slug(),
            q = string.IsNullOrWhiteSpace(Search) ? null : Search,
            sort = SortOrder == ListSort.Newest ? null : SortOrder.Slug(),
        })!;

    private Task<IActionResult> RunAsync(string action, Guid? subJobId, Func<Task<IActionResult>> work, CancellationToken cancellationToken)
    {
        ErrorAction = action;
        ErrorSubJobId = subJobId;
        return RunAsync(
            async () =>
            {
                await LoadHeaderAsync(cancellationToken);
                return await work();
            },
            () => LoadAsync(cancellationToken));
    }

    private RedirectResult Done(string message, SubJobFilter? filter = null)
    {
        TempData[SuccessKey] = message;
        return Redirect(PageUrl(filter, After));
    }

    private RedirectResult Done(IReadOnlyList<BulkItemResult> results)
    {
        BulkResultsJson = JsonSerializer.Serialize(results);
        return Redirect(PageUrl(after: After));
    }

    private async Task LoadHeaderAsync(CancellationToken cancellationToken)
    {
        var actor = await currentUser.GetActorAsync(cancellationToken);
        var erp = await connection.HandleAsync(cancellationToken);
        ErpName = erp.DisplayName;
        SupportsSubJobs = erp.SupportsSubJobs;
        HasLedger = await currentErp.LedgerAsync(cancellationToken) is not null;
        CanApprove = Access.CanApprove(actor);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await LoadHeaderAsync(cancellationToken);
        if (BulkResultsJson is not null)
        {
            BulkResults = JsonSerializer.Deserialize<List<BulkItemResult>>(BulkResultsJson) ?? [];
        }

        if (!SupportsSubJobs)
        {
            return;
        }

        Totals = await counts.HandleAsync(null, cancellationToken);
        if (Filter == SubJobFilter.ReadyToImport)
        {
            try
            {
                Imports = await readyToImport.HandleAsync(new ReadyToImport.Query(Search), cancellationToken);
            }
            catch (ErpException ex)
            {
                Imports = new ReadyToImport.Result([], CanList: true);
                ImportsProblem = ex.Message;
            }

            return;
        }

        var result = await list.HandleAsync(new List.Query(Filter, Search, SortOrder, ListCursor.Parse(After)), cancellationToken);
        Rows = result.Rows;
        Next = result.Next;
        Matching = SubJobSearch.Term(Search) is null ? Totals.Of(Filter) : (await counts.HandleAsync(Search, cancellationToken)).Of(Filter);
    }
}
