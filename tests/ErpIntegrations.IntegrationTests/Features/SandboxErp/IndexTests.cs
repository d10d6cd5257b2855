using System.Net;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features.SandboxErp;

public sealed class IndexTests
{
    [Fact]
    public async Task SandboxErp_ListsAnExportedSubJob_WithItsReference()
    {
        await using var app = new AppFactory();
        var approver = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("BLDGB");
        await approver.FollowAsync(await approver.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "BLDGB-2" }));
        await app.Exporter.RunOnceAsync();
        var browser = await Browser.SignInAsync(app, "readonly@demo.test");

        var page = await browser.GetPageAsync("/sandbox-erp");

        page.ShouldContain("<h1>Sandbox ERP</h1>");
        page.ShouldContain("Job RMC-1001 · Riverside Medical Center");
        var start = page.IndexOf("data-erp-job-id=\"BLDGB-2\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(-1);
        var row = page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
        row.ShouldContain("Building B - outpatient clinic");
        row.ShouldContain(id.ToString());
        row.ShouldContain((await app.SubJobAsync(id)).ErpRecordId!);
        page.ShouldContain("data-erp-job-id=\"CHILLER\"");
        page.ShouldNotContain("ML-2001");
    }

    [Fact]
    public async Task SandboxErp_IsForbiddenWithoutErpIntegrationsAccess()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await browser.Client.GetAsync("/sandbox-erp");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("RMC-1001");
    }
}
