using ErpIntegrations.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.ErpSubJobs;

public sealed class ReadyToImportTests(ChromiumFixture chromium) : ErpSubJobsBrowserTest(chromium)
{
    [Fact]
    public async Task ReadyToImport_ListsTheErpsOwnSubJobs_UnderSubJobsOnlyInErp()
    {
        await SignInAsync("approver@demo.test");
        await OpenErpIntegrationsSubJobsAsync();

        await ChooseFilterAsync("Ready to Import");

        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sub Jobs Only in ERP", Level = 3 })).ToBeVisibleAsync();
        var onlyInErp = Page.GetByRole(AriaRole.Table, new() { Name = "Sub Jobs Only in ERP" });
        await Assertions.Expect(onlyInErp.GetByRole(AriaRole.Cell, new() { Name = "CHILLER", Exact = true })).ToBeVisibleAsync();
    }
}
