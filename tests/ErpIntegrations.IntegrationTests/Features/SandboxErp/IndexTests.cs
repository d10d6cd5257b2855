using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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

    [Fact]
    public async Task SandboxErp_ForACompanyOnTryton_SaysItsErpKeepsNoLedgerHere_AndItsApiAnswers404()
    {
        const string NoLedger = "Tryton, your company's ERP, keeps its books outside ERP Integrations, so there is no ledger to show here: verify exports in Tryton itself.";
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        await ConnectToTrytonAsync(company);
        var browser = await Browser.SignInAsync(App, company.ReadOnly.Email);

        var page = Html.Parse(await browser.GetPageAsync("/sandbox-erp"));

        page.One("h1").Text().ShouldBe("Sandbox ERP");
        page.One("p[data-no-ledger]").Text().ShouldBe(NoLedger);
        page.QuerySelector(".ledger").ShouldBeNull();
        Html.Parse(await browser.GetPageAsync("/erp-integrations/sub-jobs")).QuerySelector("a[href=\"/sandbox-erp\"]").ShouldBeNull();

        var api = await ApiClient.ForAsync(App, company.ReadOnly.Email);
        var problem = await (await api.GetAsync("/api/v1/sandbox-erp/jobs")).ProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().ShouldBe(NoLedger);

        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        var refused = await (await admin.PostJsonAsync("/api/v1/sandbox-erp/jobs", new { jobId = "T-1", name = "Made here" })).ProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString().ShouldBe("The company's ERP, Tryton, keeps its jobs itself; create jobs in Tryton.");
        (await App.SandboxStore.ListLedgerAsync(company.Ledger)).Select(j => j.JobId).ShouldBe(["RMC-1001"]);
    }

    // Settings Tryton would need a password for: the connector is made without contacting any server.
    private static Task<int> ConnectToTrytonAsync(TestCompany company) =>
        company.WithDbAsync(db => db.Companies.Where(c => c.Id == company.Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.ErpConnector, "Tryton")
            .SetProperty(c => c.ErpConnection, $"Url=http://127.0.0.1:9/;Database=company_{company.Id:N};Username=admin")));
}
