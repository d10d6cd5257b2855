using ErpIntegrations.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.Api;

public sealed class ApiReferenceTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    protected override bool BackgroundExporter => false;

    // Scalar's own page (its colours, its <html> without lang) is a third-party developer tool, not one of the product's pages.
    protected override IReadOnlyList<string> NotAudited => ["/scalar/"];

    [Fact]
    public async Task TheScalarReference_RendersTheApi_UnderItsContentSecurityPolicy()
    {
        await Page.GotoAsync("/scalar/v1");

        await Assertions.Expect(Page.GetByText("ERP Integrations API").First).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("/api/v1/tokens").First).ToBeVisibleAsync();
    }
}
