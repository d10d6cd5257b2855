using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed partial class ListTests
{
    [Fact]
    public async Task TheTool_NamesTheErp_AndOffersTheFiltersAndViews()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "readonly@demo.test");

        var page = await browser.GetPageAsync(ErpSubJobsPage.Path);

        var doc = Html.Parse(page);
        doc.One("h1").Text().ShouldBe("ERP Integrations");
        page.ShouldContain("Connected to <strong>Sandbox ERP</strong>");
        page.ShouldContain("Supports sub jobs");
        doc.WithText("a[aria-current=page]", "Sub Jobs");
        doc.WithText("h2", "Filters");
        doc.WithText("h2", "Views");
        foreach (var filter in new[] { "Ready to Export", "Failed to Export", "Synced", "Ready to Import" })
        {
            doc.WithText("a", filter);
        }

        doc.Link("/erp-integrations/sub-jobs?filter=failed-to-export", "Failed to Export");
        doc.Link("/sandbox-erp", "Verify in Sandbox ERP");
        ErpSubJobsPage.Codes(page).ShouldBe(["GARAGE", "SITEWORK", "FLOOR2", "FLOOR1", "BLDGB", "BLDGA", "HELIPAD"], ignoreOrder: true);
        var exporting = ErpSubJobsPage.Row(page, "HELIPAD");
        exporting.Text().ShouldContain("Export in progress");
        exporting.GetAttribute("data-state").ShouldBe("Exporting");
    }

    [Fact]
    public async Task EachFilter_ListsItsStates_WithTheirDetails()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "standard@demo.test");

        var failed = await browser.GetPageAsync(ErpSubJobsPage.Url("failed-to-export"));
        ErpSubJobsPage.Codes(failed).ShouldBe(["ROOF"]);
        var roof = ErpSubJobsPage.Row(failed, "ROOF");
        roof.One(".state.red").Text().ShouldBe("Failed to Export");
        roof.One(".failure").Text().ShouldStartWith("Sandbox ERP refused sub job ROOF: cost code 01-100 is closed");

        var synced = await browser.GetPageAsync(ErpSubJobsPage.Url("synced"));
        ErpSubJobsPage.Codes(synced).ShouldBe(["EAST", "LOBBY", "PHASE1"], ignoreOrder: true);
        var phase1 = ErpSubJobsPage.Row(synced, "PHASE1");
        phase1.One(".state.green").Text().ShouldBe("Synced");
        phase1.One("td[data-cell=erp-job-id]").Text().ShouldBe("PHASE1");
        phase1.Text().ShouldContain("Riverside Medical Center");
        phase1.Text().ShouldContain("03-300");
        phase1.Text().ShouldContain("Pat Project-Manager");
    }

    [Fact]
    public async Task Search_FindsByCodeDescriptionOrProject_AndSaysWhenNothingMatches()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "readonly@demo.test");

        ErpSubJobsPage.Codes(await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=bldg")).ShouldBe(["BLDGB", "BLDGA"], ignoreOrder: true);
        ErpSubJobsPage.Codes(await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=retail")).ShouldBe(["FLOOR1"]);
        ErpSubJobsPage.Codes(await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=harbor")).ShouldBe(["FLOOR2", "FLOOR1"], ignoreOrder: true);
        (await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=nothing-like-this")).ShouldContain("No sub jobs under Ready to Export match");
    }

    [Fact]
    public async Task EmptyFilters_SaySo()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        foreach (var code in new[] { "GARAGE", "SITEWORK", "FLOOR2", "FLOOR1", "BLDGB", "BLDGA" })
        {
            await browser.FollowAsync(await browser.PostAsync("Reject", new() { ["subJobId"] = (await app.IdOfAsync(code)).ToString(), ["reason"] = "Not now." }));
        }

        await app.Exporter.RunOnceAsync();
        app.Time.Advance(TimeSpan.FromMinutes(15));
        await app.Exporter.RunOnceAsync();

        (await browser.GetPageAsync(ErpSubJobsPage.Url())).ShouldContain("No sub jobs are ready to export.");
    }

    [Fact]
    public async Task Pages_WalkEveryRowOnce_InBothSortOrders()
    {
        await using var app = new AppFactory();
        var created = await app.SendNewSubJobsAsync(40, "P");
        var browser = await Browser.SignInAsync(app, "readonly@demo.test");

        foreach (var sort in new[] { "newest", "oldest" })
        {
            var seen = new List<string>();
            var url = $"{ErpSubJobsPage.Url()}&sort={sort}";
            var pages = 0;
            while (url is not null)
            {
                var page = await browser.GetPageAsync(url);
                var codes = ErpSubJobsPage.Codes(page);
                codes.Count.ShouldBeLessThanOrEqualTo(25);
                seen.AddRange(codes);
                pages++;
                var next = NextPattern().Match(page);
                url = next.Success ? System.Net.WebUtility.HtmlDecode(next.Groups[1].Value) : null;
            }

            pages.ShouldBe(2);
            seen.Count.ShouldBe(47);
            seen.Distinct().Count().ShouldBe(47);
            seen.ShouldContain("P0039");
            created.Count.ShouldBe(40);
        }
    }

    [Fact]
    public async Task Status_AnswersTheStateAsJson()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "readonly@demo.test");
        var roof = await app.IdOfAsync("ROOF");

        var status = await browser.Client.GetFromJsonAsync<JsonElement>($"{ErpSubJobsPage.Path}/{roof}/status");

        status.GetProperty("id").GetGuid().ShouldBe(roof);
        status.GetProperty("code").GetString().ShouldBe("ROOF");
        status.GetProperty("state").GetString().ShouldBe("FailedToExport");
        status.GetProperty("stateText").GetString().ShouldBe("Failed to Export");
        status.GetProperty("icon").GetString().ShouldBe("red");
        status.GetProperty("erpJobId").GetString().ShouldBe("ROOF");
        status.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("cost code 01-100 is closed");
        (await browser.Client.GetAsync($"{ErpSubJobsPage.Path}/{Guid.NewGuid()}/status")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"next\">Next page</a>")]
    private static partial Regex NextPattern();
}
