using System.Net;
using System.Text.RegularExpressions;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

/// <summary>Drives the ERP Integrations Sub Jobs page the way its forms do.</summary>
internal static partial class ErpSubJobsPage
{
    public const string Path = "/erp-integrations/sub-jobs";

    public static string Url(string filter = "ready-to-export") => $"{Path}?filter={filter}";

    /// <summary>Posts to a page handler. The antiforgery token comes from the sign-out page, which every signed-in person can open.</summary>
    public static async Task<HttpResponseMessage> PostAsync(this Browser browser, string handler, IEnumerable<KeyValuePair<string, string>> fields, string filter = "ready-to-export")
    {
        var html = await browser.GetPageAsync("/signout");
        var token = TokenPattern().Match(html);
        token.Success.ShouldBeTrue("the sign-out page carries an antiforgery token");
        var values = new List<KeyValuePair<string, string>>(fields)
        {
            new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)),
        };
        return await browser.Client.PostAsync($"{Url(filter)}&handler={handler}", new FormUrlEncodedContent(values));
    }

    public static Task<HttpResponseMessage> PostAsync(this Browser browser, string handler, Dictionary<string, string> fields, string filter = "ready-to-export") =>
        browser.PostAsync(handler, fields.AsEnumerable(), filter);

    /// <summary>Follows the Post-Redirect-Get of a successful action and returns the page it lands on.</summary>
    public static async Task<string> FollowAsync(this Browser browser, HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return await browser.GetPageAsync(response.Headers.Location!.ToString());
    }

    public static async Task<Guid> IdOfAsync(this AppFactory app, string code)
    {
        var demo = await app.CompanyAsync(DemoData.Demo);
        return await app.WithDbAsync(demo.Id, db => db.SubJobs.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());
    }

    public static async Task<int> AuditCountAsync(this AppFactory app, Guid subJobId) =>
        await app.WithDbAsync(Guid.Empty, db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.SubJobId == subJobId));

    /// <summary>The codes of the list's rows, in order.</summary>
    public static List<string> Codes(string html) =>
        [.. RowPattern().Matches(html).Select(m => m.Groups[1].Value)];

    /// <summary>The markup of one row of the list.</summary>
    public static string Row(string html, string code)
    {
        var start = html.IndexOf($"data-code=\"{code}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(-1, $"row {code} is listed");
        var end = html.IndexOf("</tr>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    public static async Task<SubJobState> StateAsync(this AppFactory app, Guid id) => (await app.SubJobAsync(id)).State;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<tr data-sub-job=\"[^\"]+\" data-code=\"([^\"]+)\"")]
    private static partial Regex RowPattern();
}
