using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class AcceptTests
{
    [Fact]
    public async Task Approver_SeesTheProposedErpJobIdAndTheExportButton()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");

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
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("BLDGA");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "BLDGA-01" });

        response.Headers.Location!.ToString().ShouldContain("filter=ready-to-export");
        var page = await browser.FollowAsync(response);
        page.ShouldContain("BLDGA: exporting to Sandbox ERP as BLDGA-01");
        ErpSubJobsPage.Row(page, "BLDGA").Text().ShouldContain("Export in progress");
        var accepted = await app.SubJobAsync(id);
        accepted.State.ShouldBe(SubJobState.Exporting);
        accepted.ErpJobId.ShouldBe("BLDGA-01");
        accepted.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.Accepted);
        accepted.History.OrderBy(h => h.Id).Last().ActorName.ShouldBe("Avery Approver");
        var request = (await app.RequestsAsync(id)).ShouldHaveSingleItem();
        request.Status.ShouldBe(ErpRequestStatus.InProgress);
        request.ErpJobId.ShouldBe("BLDGA-01");

        await app.Exporter.RunOnceAsync();

        var synced = await app.SubJobAsync(id);
        synced.State.ShouldBe(SubJobState.Synced);
        synced.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.Exported);
        (await app.RequestsAsync(id)).ShouldHaveSingleItem().Status.ShouldBe(ErpRequestStatus.Success);
        (await app.ErpCopiesAsync("RMC-1001", "BLDGA-01")).ShouldBe(1);
        var status = await browser.Client.GetFromJsonAsync<JsonElement>($"{ErpSubJobsPage.Path}/{id}/status");
        status.GetProperty("state").GetString().ShouldBe("Synced");
        status.GetProperty("stateText").GetString().ShouldBe("Successfully Exported");
        status.GetProperty("erpJobId").GetString().ShouldBe("BLDGA-01");
        ErpSubJobsPage.Codes(await browser.GetPageAsync(ErpSubJobsPage.Url("synced"))).ShouldContain("BLDGA");
    }

    [Fact]
    public async Task Accept_WithAnInvalidErpJobId_ShowsTheMessageBesideTheField_AndChangesNothing()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("BLDGA");
        var auditBefore = await app.AuditCountAsync(id);

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "BLDG A!" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var row = ErpSubJobsPage.Row(await response.Content.ReadAsStringAsync(), "BLDGA");
        row.Text().ShouldContain("The ERP Job ID may hold only letters, digits and hyphens in Sandbox ERP.");
        var erpJobId = row.One("input[name=erpJobId]");
        erpJobId.GetAttribute("value").ShouldBe("BLDG A!");
        erpJobId.GetAttribute("aria-invalid").ShouldBe("true");
        (await app.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await app.RequestsAsync(id)).ShouldBeEmpty();
        (await app.AuditCountAsync(id)).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task Accept_WithAnErpJobIdAnotherSyncedSubJobOfTheJobUses_IsRefused()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("BLDGB");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "PHASE1" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("ERP Job ID PHASE1 is already used by another sub job of ERP job RMC-1001.");
        (await app.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await app.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Accept_WithAnErpJobIdAnotherSyncedSubJobOfTheJobUsesInAnotherCase_IsRefused()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("BLDGA");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "phase1" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErpSubJobsPage.Row(await response.Content.ReadAsStringAsync(), "BLDGA").Text()
            .ShouldContain("ERP Job ID phase1 is already used by another sub job of ERP job RMC-1001.");
        (await app.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await app.RequestsAsync(id)).ShouldBeEmpty();
        (await app.ErpCopiesAsync("RMC-1001", "PHASE1")).ShouldBe(1);
    }

    [Fact]
    public async Task Export_UnderAnErpJobIdTheSandboxErpHoldsInAnotherCase_FailsAsAlreadyExisting()
    {
        await using var app = new AppFactory();
        await app.SandboxStore.AddSubJobAsync(Web.Data.DemoSeeder.DemoLedger, new("", "RMC-1001", "CASE0000", "Made in the ERP", null, ["01-100"]), app.Now);
        var id = await app.AcceptNewSubJobAsync("case");

        await app.Exporter.RunOnceAsync();

        var failed = await app.SubJobAsync(id);
        failed.State.ShouldBe(SubJobState.FailedToExport);
        failed.ExportError.ShouldNotBeNull().ShouldContain("already exists under job RMC-1001");
        (await app.ErpCopiesAsync("RMC-1001", "case0000")).ShouldBe(1);
    }

    [Fact]
    public async Task Accept_OfASubJobAlreadyExporting_IsRefusedWithTheRule()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("HELIPAD");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "HELIPAD" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Only a sub job that is Ready to Export can be accepted; this one is Exporting.");
        (await app.RequestsAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Accept_OfASyncedSubJobWithAnInvalidErpJobId_IsRefusedForItsState()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("PHASE1");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "BAD ID!" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Only a sub job that is Ready to Export can be accepted; this one is Synced.");
        (await app.StateAsync(id)).ShouldBe(SubJobState.Synced);
    }

    [Fact]
    public async Task Accept_AskedForJson_AnswersWithTheStatus_OrTheFieldErrors()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("FLOOR1");
        browser.Client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var invalid = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = new string('X', 31) });
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("ErpJobId")[0].GetString().ShouldBe("The ERP Job ID can be at most 30 characters in Sandbox ERP.");
        (await app.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);

        var accepted = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "FLOOR1" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetProperty("state").GetString().ShouldBe("Exporting");
        (await app.StateAsync(id)).ShouldBe(SubJobState.Exporting);
    }
}
