using System.Net;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.Profile;

public sealed class TimeZoneTests
{
    [Fact]
    public async Task AViewerInChicago_AndOneInBerlin_SeeTheSameExportAtTheirOwnTimes()
    {
        await using var app = new AppFactory();
        await SetTimeZoneAsync(app, "approver@demo.test", "America/Chicago");
        await SetTimeZoneAsync(app, "admin@demo.test", "Europe/Berlin");
        var id = await app.IdOfAsync("PHASE1");
        var sentAt = (await app.SubJobAsync(id)).LastSentAt!.Value;
        var iso = sentAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var inChicago = await SyncedRowAsync(app, "approver@demo.test");
        var inBerlin = await SyncedRowAsync(app, "admin@demo.test");

        inChicago.Header.ShouldBe("Sent (Chicago time)");
        inBerlin.Header.ShouldBe("Sent (Berlin time)");
        inChicago.Datetime.ShouldBe(iso);
        inBerlin.Datetime.ShouldBe(iso);
        inChicago.Shown.ShouldBe(Local(sentAt, "America/Chicago"));
        inBerlin.Shown.ShouldBe(Local(sentAt, "Europe/Berlin"));
        inChicago.Shown.ShouldNotBe(inBerlin.Shown);
        inChicago.Title.ShouldStartWith($"{Local(sentAt, "America/Chicago")} Chicago time (UTC−0");
        inBerlin.Title.ShouldStartWith($"{Local(sentAt, "Europe/Berlin")} Berlin time (UTC+0");

        // The API keeps ISO 8601 UTC whoever asks.
        var api = await ApiClient.ForAsync(app, "approver@demo.test");
        var json = await (await api.GetAsync($"/api/v1/erp/sub-jobs/{id}")).Content.ReadAsStringAsync();
        json.ShouldContain($"\"{sentAt:yyyy-MM-ddTHH:mm:ss}");
        json.ShouldNotContain(Local(sentAt, "America/Chicago").Replace(' ', 'T'));
    }

    [Fact]
    public async Task WithoutAZone_TimesAreInUtc_AndThePageAsksTheBrowserForItsZone()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");

        var page = Html.Parse(await browser.GetPageAsync("/erp-integrations/sub-jobs?filter=synced"));

        page.QuerySelectorAll("th").Select(th => th.TextContent.Trim()).ShouldContain("Sent (UTC)");
        page.ShouldHave("form[data-browser-time-zone-form] input[data-browser-time-zone]");
    }

    [Fact]
    public async Task TheBrowsersZone_IsTakenAtSignIn_AndOnTheFirstPage_ButNeverOverAChosenOne()
    {
        await using var app = new AppFactory();
        var signingIn = Browser.Anonymous(app);
        (await signingIn.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = "approver@demo.test", ["Password"] = "Demo123!", ["TimeZone"] = "America/Chicago" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.UserAsync("approver@demo.test")).TimeZone.ShouldBe("America/Chicago");
        Html.Parse(await signingIn.GetPageAsync("/")).ShouldNotHave("form[data-browser-time-zone-form]");

        var browser = await Browser.SignInAsync(app, "admin@demo.test");
        (await browser.PostFormAsync("/profile?handler=BrowserTimeZone", new Dictionary<string, string> { ["TimeZone"] = "Europe/Berlin" }, formPage: "/profile"))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await browser.PostFormAsync("/profile?handler=BrowserTimeZone", new Dictionary<string, string> { ["TimeZone"] = "Asia/Tokyo" }, formPage: "/profile"))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.UserAsync("admin@demo.test")).TimeZone.ShouldBe("Europe/Berlin");
    }

    [Fact]
    public async Task TheProfile_ChangesTheZone_AndAnUnknownOneIsAReadableError()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");

        var saved = await browser.PostFormAsync("/profile?handler=TimeZone", new Dictionary<string, string> { ["TimeZone"] = "Europe/Berlin" }, formPage: "/profile");
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var profile = Html.Parse(await browser.GetPageAsync("/profile"));
        profile.Success().ShouldBe("Times are shown in Berlin time (Europe/Berlin).");
        profile.One("#time-zone option[selected]").GetAttribute("value").ShouldBe("Europe/Berlin");
        (await app.UserAsync("approver@demo.test")).TimeZone.ShouldBe("Europe/Berlin");

        var refused = await browser.PostFormAsync("/profile?handler=TimeZone", new Dictionary<string, string> { ["TimeZone"] = "Mars/Olympus_Mons" }, formPage: "/profile");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        page.One("#time-zone-error").TextContent.ShouldBe("\"Mars/Olympus_Mons\" is not a time zone this server knows. Choose one from the list, such as America/Chicago or Europe/Berlin.");
        page.One("#time-zone").GetAttribute("aria-invalid").ShouldBe("true");
        (await app.UserAsync("approver@demo.test")).TimeZone.ShouldBe("Europe/Berlin");

        var fromScript = await browser.PostFormAsync("/profile?handler=BrowserTimeZone", new Dictionary<string, string> { ["TimeZone"] = "Nowhere" }, formPage: "/profile");
        fromScript.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        fromScript.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await fromScript.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(400);
        problem.RootElement.GetProperty("errors").GetProperty("timeZone")[0].GetString().ShouldStartWith("\"Nowhere\" is not a time zone");
    }

    [Fact]
    public async Task TheRejectionEmail_ShowsTheTimeInTheRecipientsZone()
    {
        await using var app = new AppFactory();
        await SetTimeZoneAsync(app, "pm@demo.test", "Europe/Berlin");
        await SetTimeZoneAsync(app, "approver@demo.test", "America/Chicago");
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("FLOOR2");

        await browser.FollowAsync(await browser.PostAsync("Reject", new() { ["subJobId"] = id.ToString(), ["reason"] = "Split the units by floor." }));

        var company = await app.CompanyAsync(DemoData.Demo);
        var rejectedAt = await app.WithDbAsync(company.Id, db => db.AuditEntries.Where(a => a.SubJobId == id && a.Action == AuditAction.Rejected).Select(a => a.At).SingleAsync());
        var email = await app.WithDbAsync(company.Id, db => db.OutboxEmails.SingleAsync(e => e.ToAddress == "pm@demo.test"));
        email.TextBody.ShouldContain($"Rejected at: {Local(rejectedAt, "Europe/Berlin")} Berlin time (UTC+0");
        email.HtmlBody.ShouldContain($"{Local(rejectedAt, "Europe/Berlin")} Berlin time");
        email.TextBody.ShouldNotContain("Chicago");
    }

    private static string Local(DateTime utc, string zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task SetTimeZoneAsync(AppFactory app, string email, string zone)
    {
        var company = await app.CompanyAsync(DemoData.Demo);
        await app.WithDbAsync(company.Id, async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            user.ChangeTimeZone(zone);
            return await db.SaveChangesAsync();
        });
    }

    private static async Task<(string Header, string Datetime, string Shown, string Title)> SyncedRowAsync(AppFactory app, string email)
    {
        var browser = await Browser.SignInAsync(app, email);
        var page = Html.Parse(await browser.GetPageAsync("/erp-integrations/sub-jobs?filter=synced"));
        var headers = page.QuerySelectorAll("table[data-sub-jobs] thead th").Select(th => th.TextContent.Trim()).ToList();
        var sentColumn = headers.FindIndex(h => h.StartsWith("Sent", StringComparison.Ordinal));
        var time = page.One("tr[data-code='PHASE1']").QuerySelectorAll("td")[sentColumn].QuerySelector("time")!;
        return (headers[sentColumn], time.GetAttribute("datetime")!, time.TextContent.Trim(), time.GetAttribute("title")!);
    }
}
