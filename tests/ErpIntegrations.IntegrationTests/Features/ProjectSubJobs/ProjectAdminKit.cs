using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

/// <summary>Addresses and database look-ups for the project Admin tool's pages.</summary>
internal static class ProjectAdminKit
{
    public static string SubJobsPath(Guid projectId) => $"/projects/{projectId}/admin/sub-jobs";

    public static string NewPath(Guid projectId) => $"{SubJobsPath(projectId)}/new";

    public static string DetailsPath(Guid projectId, Guid subJobId) => $"{SubJobsPath(projectId)}/{subJobId}";

    public static string EditPath(Guid projectId, Guid subJobId) => $"{DetailsPath(projectId, subJobId)}/edit";

    public static async Task<Guid> ProjectIdAsync(this AppFactory app, string number) =>
        await app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().Where(p => p.Number == number).Select(p => p.Id).SingleAsync());

    public static async Task<Guid> CostCodeIdAsync(this AppFactory app, string code, string company = DemoData.Demo)
    {
        var companyId = (await app.CompanyAsync(company)).Id;
        return await app.WithDbAsync(companyId, db => db.CostCodes.Where(c => c.Code == code).Select(c => c.Id).SingleAsync());
    }

    /// <summary>The sub job with its project, cost codes and history, read past the tenant filter.</summary>
    public static async Task<SubJob?> SubJobByCodeAsync(this AppFactory app, string projectNumber, string code) =>
        await app.WithDbAsync(Guid.Empty, db => db.SubJobs.IgnoreQueryFilters().AsNoTracking()
            .Include(s => s.Project).Include(s => s.CostCodes).Include(s => s.History)
            .SingleOrDefaultAsync(s => s.Project.Number == projectNumber && s.Code == code));

    public static async Task<SubJob> RequiredSubJobAsync(this AppFactory app, string projectNumber, string code) =>
        await app.SubJobByCodeAsync(projectNumber, code) ?? throw new InvalidOperationException($"No sub job {code} on project {projectNumber}.");

    public static async Task<SubJob?> SubJobByCodeAsync(this AppFactory app, Guid projectId, string code) =>
        await app.WithDbAsync(Guid.Empty, db => db.SubJobs.IgnoreQueryFilters().AsNoTracking()
            .Include(s => s.Project).Include(s => s.CostCodes).Include(s => s.History)
            .SingleOrDefaultAsync(s => s.ProjectId == projectId && s.Code == code));

    public static async Task<SubJob> RequiredSubJobAsync(this AppFactory app, Guid projectId, string code) =>
        await app.SubJobByCodeAsync(projectId, code) ?? throw new InvalidOperationException($"No sub job {code} on project {projectId}.");

    public static async Task<int> SubJobCountAsync(this AppFactory app, Guid projectId) =>
        await app.WithDbAsync(Guid.Empty, db => db.SubJobs.IgnoreQueryFilters().CountAsync(s => s.ProjectId == projectId));

    public static IReadOnlyList<AuditAction> Actions(this SubJob subJob) => [.. subJob.History.OrderBy(h => h.Id).Select(h => h.Action)];

    /// <summary>Posts a form whose fields may repeat (checkboxes), with the antiforgery token read from <paramref name="formPage"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(this Browser browser, string path, IEnumerable<KeyValuePair<string, string>> fields, string formPage)
    {
        var html = await (await browser.Client.GetAsync(formPage)).Content.ReadAsStringAsync();
        var token = Html.AntiforgeryToken(html);
        token.ShouldNotBeNull($"{formPage} has no antiforgery token");
        var values = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token) };
        return await browser.Client.PostAsync(path, new FormUrlEncodedContent(values));
    }

    /// <summary>Clicks Send/Retrieve/Resend (<paramref name="handler"/>) on the list or, with <paramref name="onPage"/>, another page.</summary>
    public static Task<HttpResponseMessage> SubJobActionAsync(this Browser browser, Guid projectId, SubJob subJob, string handler, string? onPage = null, string? formPage = null)
    {
        var page = onPage ?? SubJobsPath(projectId);
        return browser.PostAsync(
            $"{page}?handler={handler}",
            [new("subJobId", subJob.Id.ToString()), new("version", subJob.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            formPage ?? page);
    }

    public static IEnumerable<KeyValuePair<string, string>> SubJobFields(string code, string description, params Guid[] costCodeIds) =>
        [new("Code", code), new("Description", description), .. costCodeIds.Select(id => new KeyValuePair<string, string>("CostCodeIds", id.ToString()))];

    public static async Task<string> TextAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public static async Task<string> PageTextAsync(this Browser browser, string path) =>
        WebUtility.HtmlDecode(await browser.GetPageAsync(path));

    /// <summary>The validation message shown beside a field (its ModelState key).</summary>
    public static string? FieldError(string html, string field) =>
        Html.Parse(html).QuerySelector($".field-validation-error[data-valmsg-for=\"{field}\"]")?.TextContent;
}
