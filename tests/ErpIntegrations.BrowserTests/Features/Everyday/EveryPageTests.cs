using ErpIntegrations.BrowserTests.Infrastructure;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.Everyday;

/// <summary>
/// Every main page as each role of the demo company: axe-core finds no WCAG A/AA violation (the base class audits each
/// visit), and on a 390 px phone screen no page scrolls sideways. The tests only read, so the class shares one app.
/// </summary>
public sealed class EveryPageTests(ChromiumFixture chromium, SharedApp shared) : BrowserTest(chromium, shared), IClassFixture<SharedApp>
{
    public static TheoryData<string> People => ["admin@demo.test", "approver@demo.test", "standard@demo.test", "readonly@demo.test", "pm@demo.test"];

    // Each page the person may open is rendered and audited; of the pages they may not, one (the refusal page) is.
    [Theory]
    [MemberData(nameof(People))]
    public async Task EveryMainPage_HasNoWcagViolation(string email)
    {
        await SignInAsync(email);

        var refusalAudited = false;
        foreach (var url in await MainPagesAsync())
        {
            var status = (await Page.APIRequest.GetAsync(url, new() { MaxRedirects = 0 })).Status;
            if (status == 200 || !refusalAudited)
            {
                var response = await VisitAsync(url);
                refusalAudited |= response?.Status != 200;
            }
        }
    }

    // The Company Admin may open every page, with the approver's Accept and Reject besides.
    [Fact]
    public async Task OnA390PixelPhone_NoMainPageScrollsSideways()
    {
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsync("admin@demo.test");

        var wide = new List<string>();
        foreach (var url in await MainPagesAsync())
        {
            await VisitAsync(url);
            var (scrollWidth, clientWidth) = await WidthsAsync();
            if (scrollWidth > clientWidth)
            {
                wide.Add($"{url}: {scrollWidth} px wide on a {clientWidth} px screen");
                await ScreenshotAsync($"wide-{wide.Count}");
            }
        }

        wide.ShouldBeEmpty();
    }

    [Fact]
    public async Task OnA390PixelPhone_TheAcceptAndRejectFormsFitTheScreen()
    {
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsync("approver@demo.test");
        await VisitAsync("/erp-integrations/sub-jobs?filter=ready-to-export");
        var row = Page.Locator("tr[data-code='BLDGA']");

        await row.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        await FitsAsync(row.GetByRole(AriaRole.Textbox, new() { Name = "ERP Job ID" }));
        await FitsAsync(row.GetByRole(AriaRole.Button, new() { Name = "Export to Sandbox ERP" }));
        await row.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await FitsAsync(row.GetByRole(AriaRole.Textbox, new() { Name = "Enter a short explanation about the reason(s) for the rejection" }));
        await ScreenshotAsync("phone-forms-open");

        var (scrollWidth, clientWidth) = await WidthsAsync();
        scrollWidth.ShouldBeLessThanOrEqualTo(clientWidth);
    }

    private async Task FitsAsync(ILocator control)
    {
        await Assertions.Expect(control).ToBeVisibleAsync();
        var box = (await control.BoundingBoxAsync())!;
        box.X.ShouldBeGreaterThanOrEqualTo(0);
        (box.X + box.Width).ShouldBeLessThanOrEqualTo(390);
    }

    private async Task<(int ScrollWidth, int ClientWidth)> WidthsAsync()
    {
        var widths = await Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (widths[0], widths[1]);
    }

    private async Task<IReadOnlyList<string>> MainPagesAsync()
    {
        var company = await App.CompanyAsync(DemoData.Demo);
        var (project, sent, notSent, costCode, person) = await App.WithDbAsync(company.Id, async db =>
        {
            var riverside = await db.Projects.SingleAsync(p => p.Number == "1001");
            var bldga = await db.SubJobs.SingleAsync(s => s.ProjectId == riverside.Id && s.Code == "BLDGA");
            var mob = await db.SubJobs.SingleAsync(s => s.ProjectId == riverside.Id && s.Code == "MOB");
            var code = await db.CostCodes.OrderBy(c => c.Code).FirstAsync();
            var approver = await db.Users.SingleAsync(u => u.Email == "approver@demo.test");
            return (riverside.Id, bldga.Id, mob.Id, code.Id, approver.Id);
        });

        return
        [
            "/",
            "/projects",
            "/projects/new",
            $"/projects/{project}/edit",
            $"/projects/{project}/admin/sub-jobs",
            $"/projects/{project}/admin/sub-jobs/new",
            $"/projects/{project}/admin/sub-jobs/{sent}",
            $"/projects/{project}/admin/sub-jobs/{notSent}/edit",
            "/erp-integrations/sub-jobs?filter=ready-to-export",
            "/erp-integrations/sub-jobs?filter=failed-to-export",
            "/erp-integrations/sub-jobs?filter=synced",
            "/erp-integrations/sub-jobs?filter=ready-to-import",
            "/sandbox-erp",
            "/erp-connection",
            "/webhook-deliveries",
            "/cost-codes",
            $"/cost-codes/{costCode}/edit",
            "/directory",
            "/directory/new",
            $"/directory/{person}",
            "/notifications",
            "/profile",
            "/profile/tokens",
            "/set-password",
        ];
    }
}
