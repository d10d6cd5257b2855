using ErpIntegrations.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.ErpSubJobs;

public sealed class FailedToExportTests(ChromiumFixture chromium) : ErpSubJobsBrowserTest(chromium)
{
    private const string ErpMessage = "Sandbox ERP refused sub job GARAGE: the record was rejected by the ERP's validation (simulated fault).";

    [Fact]
    public async Task FailedExport_ShowsTheErpMessageInRed_UnderFailedToExport_AndTheApproverRejectsIt()
    {
        App.Sandbox.PermanentFaultRate = 1;
        await SignInAsync("approver@demo.test");
        await OpenErpIntegrationsSubJobsAsync();
        await ChooseFilterAsync("Ready to Export");

        var row = Row("GARAGE");
        await Button("Accept", row).ClickAsync();
        await Button("Export to Sandbox ERP", row).ClickAsync();
        await Assertions.Expect(row.GetByText("Failed to Export", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByText(ErpMessage)).ToHaveCSSAsync("color", Red);
        await Assertions.Expect(row.GetByText("Successfully Exported")).ToHaveCountAsync(0);
        await ScreenshotAsync("1-failed-in-row");

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Views" }).GetByRole(AriaRole.Link, new() { Name = "Failed to Export" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Failed to Export", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Filters" }).GetByRole(AriaRole.Link, new() { Name = "Failed to Export" }))
            .ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(Row("GARAGE").GetByText(ErpMessage)).ToHaveCSSAsync("color", Red);

        await ChooseFilterAsync("Ready to Export");
        await Assertions.Expect(Row("GARAGE")).ToHaveCountAsync(0);
        await ChooseFilterAsync("Failed to Export");
        await Assertions.Expect(Row("GARAGE").GetByText(ErpMessage)).ToHaveCSSAsync("color", Red);
        await ScreenshotAsync("2-under-failed-to-export");

        await RejectAsync("GARAGE", "The ERP refused it; check the cost codes and resend.");

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("GARAGE: rejected and sent back to its project for correction.");
        await Assertions.Expect(Row("GARAGE")).ToHaveCountAsync(0);
        await Assertions.Expect(Row("ROOF")).ToBeVisibleAsync();
        await ChooseFilterAsync("Ready to Export");
        await Assertions.Expect(Row("GARAGE")).ToHaveCountAsync(0);
        await ScreenshotAsync("3-rejected-and-gone");
    }
}
