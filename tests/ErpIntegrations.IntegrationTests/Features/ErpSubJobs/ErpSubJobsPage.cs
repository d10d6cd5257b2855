using System.Net;
using AngleSharp.Dom;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

/// <summary>Drives the ERP Integrations Sub Jobs page the way its forms do.</summary>
internal static class ErpSubJobsPage
{
    public const string Path = "/erp-integrations/sub-jobs";

    public static string Url(string filter = "ready-to-export") => $"{Path}?filter={filter}";

    /// <summary>Posts to a page handler. The antiforgery token comes from the sign-out page, which every signed-in person can open.</summary>
    public static async Task<HttpResponseMessage> PostAsync(this Browser browser, string handler, IEnumerable<KeyValuePair<string, string>> fields, string filter = "ready-to-export")
    {
        var html = await browser.GetPageAsync("/signout");
        var token = Html.AntiforgeryToken(html);
        token.ShouldNotBeNull("the sign-out page carries an antiforgery token");
        var values = new List<KeyValuePair<string, string>>(fields)
        {
            new("__RequestVerificationToken", token),
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
        [.. Html.Parse(html).QuerySelectorAll("tr[data-sub-job][data-code]").Select(r => r.GetAttribute("data-code")!)];

    /// <summary>One row of the list.</summary>
    public static IElement Row(string html, string code) => Html.Parse(html).One($"tr[data-sub-job][data-code=\"{code}\"]");

    public static async Task<SubJobState> StateAsync(this AppFactory app, Guid id) => (await app.SubJobAsync(id)).State;
}
