using ErpIntegrations.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.ErpSubJobs;

public sealed class PermissionTests(ChromiumFixture chromium) : ErpSubJobsBrowserTest(chromium)
{
    [Theory]
    [InlineData("standard@demo.test")]
    [InlineData("readonly@demo.test")]
    public async Task WithoutCanPushToAccounting_SeesTheLists_ButNoAcceptOrRejectButton(string email)
    {
        await SignInAsync(email);
        await OpenErpIntegrationsSubJobsAsync();

        foreach (var (filter, code) in new[] { ("Ready to Export", "BLDGA"), ("Failed to Export", "ROOF"), ("Synced", "PHASE1") })
        {
            await ChooseFilterAsync(filter);
            await Assertions.Expect(Row(code)).ToBeVisibleAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToHaveCountAsync(0);
            await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Reject" })).ToHaveCountAsync(0);
            await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
            await Assertions.Expect(Page.GetByText("Accept", new() { Exact = true })).ToHaveCountAsync(0);
            await Assertions.Expect(Page.GetByText("Reject", new() { Exact = true })).ToHaveCountAsync(0);
        }

        await ChooseFilterAsync("Ready to Export");
        await ScreenshotAsync("no-accept-or-reject");
    }
}
