using System.Net;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features.SandboxErp;

public sealed class IndexTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task SandboxErp_ListsAnExportedSubJob_WithItsReference()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        await other.ProjectAsync("2001", "Mountain Lodge", erpJobId: "ML-2001");
        var riverside = await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        await company.ErpOnlySubJobAsync(riverside, "CHILLER", "Central chiller plant", "22-100");
        var id = await company.SubJobAsync(riverside, code: "BLDGB", description: "Building B - outpatient clinic");
        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        await approver.FollowAsync(await approver.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "BLDGB-2" }));
        await App.Exporter.RunOnceAsync();
        var browser = await Browser.SignInAsync(App, company.ReadOnly.Email);

        var html = await browser.GetPageAsync("/sandbox-erp");

        var page = Html.Parse(html);
        page.One("h1").Text().ShouldBe("Sandbox ERP");
        page.One("h2#job-RMC-1001").Text().ShouldBe("Job RMC-1001 · Riverside Medical Center");
        var row = page.One("tr[data-erp-job-id=\"BLDGB-2\"]");
        var cells = row.QuerySelectorAll("td").Select(td => td.Text()).ToList();
        cells[1].ShouldBe("Building B - outpatient clinic");
        cells[3].ShouldContain(id.ToString());
        var recordId = (await App.SubJobAsync(id)).ErpRecordId!;
        cells[4].ShouldBe(recordId);
        row.GetAttribute("data-record-id").ShouldBe(recordId);
        page.ShouldHave("tr[data-erp-job-id=CHILLER]");
        html.ShouldNotContain("ML-2001");
    }

    [Fact]
    public async Task SandboxErp_IsForbiddenWithoutErpIntegrationsAccess()
    {
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await browser.Client.GetAsync("/sandbox-erp");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("RMC-1001");
    }
}
