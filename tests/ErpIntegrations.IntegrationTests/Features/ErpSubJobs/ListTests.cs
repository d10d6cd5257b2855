using System.Net.Http.Json;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class ListTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task TheTool_NamesTheErp_AndOffersTheFiltersAndViews()
    {
        var company = await DemoLikeAsync();
        var browser = await Browser.SignInAsync(App, company.ReadOnly.Email);

        var page = await browser.GetPageAsync(ErpSubJobsPage.Path);

        var doc = Html.Parse(page);
        doc.One("h1").Text().ShouldBe("ERP Integrations");
        doc.Text().ShouldContain("Connected to Sandbox ERP");
        doc.WithText("strong", "Sandbox ERP");
        doc.Text().ShouldContain("Supports sub jobs");
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
        exporting.GetAttribute("data-state").ShouldBe("exporting");
    }

    [Fact]
    public async Task EachFilter_ListsItsStates_WithTheirDetails()
    {
        var company = await DemoLikeAsync();
        var browser = await Browser.SignInAsync(App, company.Standard.Email);

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
        var company = await DemoLikeAsync();
        var browser = await Browser.SignInAsync(App, company.ReadOnly.Email);

        ErpSubJobsPage.Codes(await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=bldg")).ShouldBe(["BLDGB", "BLDGA"], ignoreOrder: true);
        ErpSubJobsPage.Codes(await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=retail")).ShouldBe(["FLOOR1"]);
        ErpSubJobsPage.Codes(await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=harbor")).ShouldBe(["FLOOR2", "FLOOR1"], ignoreOrder: true);
        var none = Html.Parse(await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=nothing-like-this"));
        none.Text().ShouldContain("No sub jobs under Ready to Export match");
        none.ShouldNotHave("tr[data-sub-job]");
    }

    [Fact]
    public async Task EmptyFilters_SaySo()
    {
        var company = await DemoLikeAsync();
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        foreach (var code in new[] { "GARAGE", "SITEWORK", "FLOOR2", "FLOOR1", "BLDGB", "BLDGA" })
        {
            await browser.FollowAsync(await browser.PostAsync("Reject", new() { ["subJobId"] = (await company.SubJobIdAsync(code)).ToString(), ["reason"] = "Not now." }));
        }

        // HELIPAD's export is due at once here (the demo's waits out a simulated outage), so one run takes it out.
        await App.Exporter.RunOnceAsync();
        (await App.SubJobAsync(await company.SubJobIdAsync("HELIPAD"))).State.ShouldBe(SubJobState.Synced);

        var empty = Html.Parse(await browser.GetPageAsync(ErpSubJobsPage.Url()));
        empty.Text().ShouldContain("No sub jobs are ready to export.");
        empty.ShouldNotHave("tr[data-sub-job]");
    }

    [Fact]
    public async Task Pages_WalkEveryRowOnce_InBothSortOrders()
    {
        var company = await DemoLikeAsync();
        var riverside = await company.ProjectAsync("1005", erpJobId: "RMC-1005");
        var created = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            created.Add(await company.SubJobAsync(riverside, code: $"P{i:D4}", description: $"Test sub job {i}"));
        }

        var browser = await Browser.SignInAsync(App, company.ReadOnly.Email);

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
                var next = Html.Parse(page).QuerySelectorAll("a[rel=next]");
                next.Length.ShouldBeLessThanOrEqualTo(1);
                url = next.Length == 1 ? next[0].GetAttribute("href") : null;
                if (url is not null)
                {
                    next[0].Text().ShouldBe("Next page");
                }
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
        var company = await DemoLikeAsync();
        var browser = await Browser.SignInAsync(App, company.ReadOnly.Email);
        var roof = await company.SubJobIdAsync("ROOF");

        var status = await browser.Client.GetFromJsonAsync<JsonElement>($"{ErpSubJobsPage.Path}/{roof}/status");

        status.GetProperty("id").GetGuid().ShouldBe(roof);
        status.GetProperty("code").GetString().ShouldBe("ROOF");
        status.GetProperty("state").GetString().ShouldBe("failed_to_export");
        status.GetProperty("stateText").GetString().ShouldBe("Failed to Export");
        status.GetProperty("icon").GetString().ShouldBe("red");
        status.GetProperty("erpJobId").GetString().ShouldBe("ROOF");
        status.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("cost code 01-100 is closed");
        (await browser.Client.GetAsync($"{ErpSubJobsPage.Path}/{Guid.NewGuid()}/status")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    /// <summary>
    /// A company of the test's own holding the demo's sub jobs: six Ready to Export and one Exporting, one that Failed to
    /// Export, three Synced, one not sent and one rejected, over two projects.
    /// </summary>
    private async Task<TestCompany> DemoLikeAsync()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        var harbor = await company.ProjectAsync("1002", "Harbor View Apartments", erpJobId: "HVA-1002");
        var day = App.Now.AddDays(-1);
        await company.SubJobAsync(riverside, code: "BLDGA", description: "Building A - patient tower", at: day.AddHours(-6));
        await company.SubJobAsync(riverside, code: "BLDGB", description: "Building B - outpatient clinic", at: day.AddHours(-5));
        await company.SubJobAsync(harbor, code: "FLOOR1", description: "Floor 1 - retail and lobby", at: day.AddHours(-4));
        await company.SubJobAsync(harbor, code: "FLOOR2", description: "Floor 2 - residential units", at: day.AddHours(-3));
        await company.SubJobAsync(riverside, code: "SITEWORK", description: "Site work and utilities", at: day.AddHours(-2));
        await company.SubJobAsync(riverside, code: "GARAGE", description: "Parking structure", at: day.AddHours(-1));
        await company.SubJobAsync(riverside, SubJobState.Exporting, code: "HELIPAD", description: "Rooftop helipad", at: day);
        await company.SubJobAsync(harbor, SubJobState.FailedToExport, code: "ROOF", description: "Roof and terrace", failure: "Sandbox ERP refused sub job ROOF: cost code 01-100 is closed for job HVA-1002 (simulated fault).");
        await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1", description: "Phase 1 - foundations", costCodes: ["03-300"]);
        await company.SubJobAsync(harbor, SubJobState.Synced, code: "LOBBY", description: "Lobby and amenity spaces");
        await company.SubJobAsync(harbor, SubJobState.Synced, code: "EAST", description: "East wing");
        await company.SubJobAsync(riverside, SubJobState.NotSent, code: "MOB", description: "Mobilization");
        await company.SubJobAsync(harbor, SubJobState.Rejected, code: "WEST", description: "West wing");
        return company;
    }
}
