using ErpIntegrations.BrowserTests.Infrastructure;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.ErpSubJobs;

public sealed class AcceptTests(ChromiumFixture chromium) : ErpSubJobsBrowserTest(chromium)
{
    [Fact]
    public async Task Approver_AcceptsASubJob_SeesItExported_AndFindsItUnderSyncedAndInTheErp()
    {
        await SignInAsync("approver@demo.test");
        await OpenErpIntegrationsSubJobsAsync();
        await ChooseFilterAsync("Ready to Export");
        var row = Row("BLDGA");
        await Assertions.Expect(row).ToContainTextAsync("Building A - patient tower");
        await ScreenshotAsync("1-ready-to-export");

        await Button("Accept", row).ClickAsync();
        var erpJobId = row.GetByRole(AriaRole.Textbox, new() { Name = "ERP Job ID" });
        await Assertions.Expect(erpJobId).ToHaveValueAsync("BLDGA");
        await ScreenshotAsync("2-accept-with-erp-job-id");

        await MarkDocumentAsync();
        await Button("Export to Sandbox ERP", row).ClickAsync();
        var exported = row.GetByText("Successfully Exported");
        await Assertions.Expect(exported).ToBeVisibleAsync();
        await Assertions.Expect(exported).ToHaveCSSAsync("color", Green);
        (await IsSameDocumentAsync()).ShouldBeTrue("the row followed its export without the page reloading");
        await ScreenshotAsync("3-successfully-exported");

        await ChooseFilterAsync("Synced");
        await Assertions.Expect(Row("BLDGA")).ToContainTextAsync("Synced");
        await Assertions.Expect(Row("BLDGA").GetByRole(AriaRole.Cell, new() { Name = "BLDGA", Exact = true })).ToHaveCountAsync(2);
        await ScreenshotAsync("4-synced");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Verify in Sandbox ERP" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sandbox ERP", Level = 1 })).ToBeVisibleAsync();
        var job = Page.GetByRole(AriaRole.Region, new() { Name = "Job RMC-1001 · Riverside Medical Center" });
        var inErp = job.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = "BLDGA", Exact = true }) });
        await Assertions.Expect(inErp).ToContainTextAsync("Building A - patient tower");
        await ScreenshotAsync("5-in-sandbox-erp");
    }

    [Fact]
    public async Task Approver_AcceptsTwoSelectedSubJobs_AndThePageReportsEach()
    {
        await SignInAsync("approver@demo.test");
        await OpenErpIntegrationsSubJobsAsync();
        await ChooseFilterAsync("Ready to Export");

        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select BLDGB" }).CheckAsync();
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select FLOOR1" }).CheckAsync();
        await Button("Accept selected").ClickAsync();

        var results = Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "selected sub jobs done" });
        await Assertions.Expect(results).ToContainTextAsync("2 of 2 selected sub jobs done.");
        await Assertions.Expect(results.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Assertions.Expect(results.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "BLDGB" })).ToHaveTextAsync("BLDGB: Exporting as BLDGB…");
        await Assertions.Expect(results.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "FLOOR1" })).ToHaveTextAsync("FLOOR1: Exporting as FLOOR1…");
        await ScreenshotAsync("bulk-results");

        // A row whose export finished before the redirected page rendered has already left Ready to Export, so the
        // end state is checked where it stays: under Synced, once the exporter is done.
        await WaitUntilSyncedAsync("BLDGB", "FLOOR1");
        await ChooseFilterAsync("Synced");
        await Assertions.Expect(Row("BLDGB")).ToContainTextAsync("Synced");
        await Assertions.Expect(Row("FLOOR1")).ToContainTextAsync("Synced");
    }

    private async Task WaitUntilSyncedAsync(params string[] codes)
    {
        var company = await App.CompanyAsync(DemoData.Demo);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await App.WithDbAsync(company.Id, db => db.SubJobs.CountAsync(s => codes.Contains(s.Code) && s.State == SubJobState.Synced, timeout.Token)) < codes.Length)
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
