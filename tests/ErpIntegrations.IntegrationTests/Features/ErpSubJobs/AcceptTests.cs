using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class AcceptTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Approver_SeesTheProposedErpJobIdAndTheExportButton()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        await company.SubJobAsync(riverside, code: "BLDGA");

        var row = ErpSubJobsPage.Row(await browser.GetPageAsync(ErpSubJobsPage.Path), "BLDGA");

        row.WithText("summary, button", "Accept");
        row.WithText("summary, button", "Reject");
        row.WithText("label", "ERP Job ID");
        row.One("input[name=erpJobId]").GetAttribute("value").ShouldBe("BLDGA");
        row.Text().ShouldContain("Export to Sandbox ERP");
        row.One("input[type=checkbox]").GetAttribute("aria-label").ShouldBe("Select BLDGA");
    }

    [Fact]
    public async Task Accept_CreatesTheErpRequest_AndTheExportSyncsTheSubJob()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(riverside, SubJobState.ReadyToExport, code: "BLDGA");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "BLDGA-01" });

        response.Headers.Location!.ToString().ShouldContain("filter=ready-to-export");
        var page = await browser.FollowAsync(response);
        Html.Parse(page).Text().ShouldContain("BLDGA: exporting to Sandbox ERP as BLDGA-01");
        ErpSubJobsPage.Row(page, "BLDGA").Text().ShouldContain("Export in progress");
        var accepted = await App.SubJobAsync(id);
        accepted.State.ShouldBe(SubJobState.Exporting);
        accepted.ErpSubJobId.ShouldBe("BLDGA-01");
        accepted.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.Accepted);
        accepted.History.OrderBy(h => h.Id).Last().ActorName.ShouldBe("Avery Approver");
        var request = (await App.RequestsAsync(id)).ShouldHaveSingleItem();
        request.Status.ShouldBe(ErpRequestStatus.InProgress);
        request.ErpSubJobId.ShouldBe("BLDGA-01");

        await App.Exporter.RunOnceAsync();

        var synced = await App.SubJobAsync(id);
        synced.State.ShouldBe(SubJobState.Synced);
        synced.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.Exported);
        (await App.RequestsAsync(id)).ShouldHaveSingleItem().Status.ShouldBe(ErpRequestStatus.Success);
        (await company.ErpCopiesAsync("RMC-1001", "BLDGA-01")).ShouldBe(1);
        var status = await browser.Client.GetFromJsonAsync<JsonElement>($"{ErpSubJobsPage.Path}/{id}/status");
        status.GetProperty("state").GetString().ShouldBe("synced");
        status.GetProperty("stateText").GetString().ShouldBe("Successfully Exported");
        status.GetProperty("erpJobId").GetString().ShouldBe("BLDGA-01");
        ErpSubJobsPage.Codes(await browser.GetPageAsync(ErpSubJobsPage.Url("synced"))).ShouldContain("BLDGA");
    }

    [Fact]
    public async Task Accept_WithAnInvalidErpJobId_ShowsTheMessageBesideTheField_AndChangesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(riverside, SubJobState.ReadyToExport, code: "BLDGA");
        var auditBefore = await App.AuditCountAsync(id);

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "BLDG A!" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var row = ErpSubJobsPage.Row(await response.Content.ReadAsStringAsync(), "BLDGA");
        row.Text().ShouldContain("The ERP Job ID may hold only letters A–Z, digits and hyphens in Sandbox ERP.");
        var erpJobId = row.One("input[name=erpJobId]");
        erpJobId.GetAttribute("value").ShouldBe("BLDG A!");
        erpJobId.GetAttribute("aria-invalid").ShouldBe("true");
        (await App.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(id)).ShouldBeEmpty();
        (await App.AuditCountAsync(id)).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task Accept_WithAnErpJobIdAnotherSyncedSubJobOfTheJobUses_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1");
        var id = await company.SubJobAsync(riverside, SubJobState.ReadyToExport, code: "BLDGB");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "PHASE1" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("ERP Job ID PHASE1 is already used by another sub job of ERP job RMC-1001.");
        (await App.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Accept_WithAnErpJobIdAnotherSyncedSubJobOfTheJobUsesInAnotherCase_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(riverside, SubJobState.ReadyToExport, code: "BLDGA");

        await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "phase1" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErpSubJobsPage.Row(await response.Content.ReadAsStringAsync(), "BLDGA").Text()
            .ShouldContain("ERP Job ID phase1 is already used by another sub job of ERP job RMC-1001.");
        (await App.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(id)).ShouldBeEmpty();
        (await company.ErpCopiesAsync("RMC-1001", "PHASE1")).ShouldBe(1);
    }

    [Fact]
    public async Task Export_UnderAnErpJobIdTheSandboxErpHoldsInAnotherCase_FailsAsAlreadyExisting()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        await company.ErpOnlySubJobAsync(riverside, "CASE0000", "Made in the ERP", "01-100");
        var id = await company.SubJobAsync(riverside, SubJobState.Exporting, code: "case0000");

        await App.Exporter.RunOnceAsync();

        var failed = await App.SubJobAsync(id);
        failed.State.ShouldBe(SubJobState.FailedToExport);
        failed.ExportError.ShouldNotBeNull().ShouldContain("already exists under job RMC-1001");
        (await company.ErpCopiesAsync("RMC-1001", "case0000")).ShouldBe(1);
    }

    [Fact]
    public async Task Accept_OfASubJobAlreadyExporting_IsRefusedWithTheRule()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(riverside, SubJobState.Exporting, code: "HELIPAD");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "HELIPAD" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("Only a sub job that is Ready to Export can be accepted; this one is Exporting.");
        (await App.RequestsAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Accept_OfASyncedSubJobWithAnInvalidErpJobId_IsRefusedForItsState()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "BAD ID!" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("Only a sub job that is Ready to Export can be accepted; this one is Synced.");
        (await App.StateAsync(id)).ShouldBe(SubJobState.Synced);
    }

    [Fact]
    public async Task Accept_AskedForJson_AnswersWithTheStatus_OrTheFieldErrors()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(riverside, SubJobState.ReadyToExport, code: "FLOOR1");
        browser.Client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var invalid = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = new string('X', 31) });
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("ErpJobId")[0].GetString().ShouldBe("The ERP Job ID can be at most 30 characters in Sandbox ERP.");
        (await App.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);

        var accepted = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "FLOOR1" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetProperty("state").GetString().ShouldBe("exporting");
        (await App.StateAsync(id)).ShouldBe(SubJobState.Exporting);
    }
}
