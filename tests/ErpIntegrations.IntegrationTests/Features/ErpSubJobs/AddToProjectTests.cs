using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class AddToProjectTests
{
    [Fact]
    public async Task ReadyToImport_ListsSubJobsOnlyInTheErp_AndRefreshAsksTheErpAgain()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");

        var page = await browser.GetPageAsync(ErpSubJobsPage.Url("ready-to-import"));

        var doc = Html.Parse(page);
        doc.One("h3#only-in-erp-heading").Text().ShouldBe("Sub Jobs Only in ERP");
        var table = doc.One("table[data-ready-to-import]");
        table.GetAttribute("aria-labelledby").ShouldBe("only-in-erp-heading");
        table.ShouldHave("tr[data-erp-job-id=CHILLER]");
        table.ShouldHave("tr[data-erp-job-id=POOL]");
        table.ShouldHave("tr[data-erp-job-id=LANDSCAPE]");
        doc.ShouldNotHave("[data-erp-job-id=PHASE1]");
        page.ShouldContain("Refresh Sub Jobs");
        page.ShouldContain("Add to Project</button>");

        await app.SandboxStore.AddSubJobAsync(DemoSeeder.DemoLedger, new("", "RMC-1001", "ICU", "Intensive care unit", null, ["22-100"]), app.Now);
        Html.Parse(await browser.GetPageAsync($"{ErpSubJobsPage.Url("ready-to-import")}&refresh=1")).ShouldHave("tr[data-erp-job-id=ICU]");
    }

    [Fact]
    public async Task ReadyToImport_StillListsAnErpSubJob_WhoseIdAFailedExportOfOursTriedToTake()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var floor2 = await app.IdOfAsync("FLOOR2");
        await browser.FollowAsync(await browser.PostAsync("Accept", new() { ["subJobId"] = floor2.ToString(), ["erpJobId"] = "POOL" }));
        await app.Exporter.RunOnceAsync();
        (await app.SubJobAsync(floor2)).State.ShouldBe(SubJobState.FailedToExport);

        var page = await browser.GetPageAsync(ErpSubJobsPage.Url("ready-to-import"));

        Html.Parse(page).ShouldHave("tr[data-erp-job-id=POOL]");
    }

    [Fact]
    public async Task AddToProject_ImportsTheSubJobAsSynced_WithItsCostCodesAndAnAuditEntry()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var demo = await app.CompanyAsync(DemoData.Demo);
        var riverside = await app.WithDbAsync(demo.Id, db => db.Projects.SingleAsync(p => p.Number == "1001"));

        var page = await browser.FollowAsync(await browser.PostAsync(
            "AddToProject", new() { ["projectId"] = riverside.Id.ToString(), ["erpJobId"] = "CHILLER" }, "ready-to-import"));

        page.ShouldContain("CHILLER: added to project 1001 as Synced.");
        Html.Parse(page).ShouldNotHave("[data-erp-job-id=CHILLER]");
        var id = await app.IdOfAsync("CHILLER");
        var imported = await app.SubJobAsync(id);
        imported.State.ShouldBe(SubJobState.Synced);
        imported.ProjectId.ShouldBe(riverside.Id);
        imported.ErpJobId.ShouldBe("CHILLER");
        imported.ErpRecordId.ShouldNotBeNullOrEmpty();
        imported.CostCodes.Select(c => c.Code).ShouldBe(["22-100"]);
        var audit = imported.History.ShouldHaveSingleItem();
        audit.Action.ShouldBe(AuditAction.Imported);
        audit.ActorName.ShouldBe("Avery Approver");
        ErpSubJobsPage.Codes(await browser.GetPageAsync(ErpSubJobsPage.Url("synced"))).ShouldContain("CHILLER");

        var again = await browser.PostAsync("AddToProject", new() { ["projectId"] = riverside.Id.ToString(), ["erpJobId"] = "CHILLER" }, "ready-to-import");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("Project 1001 already has sub job CHILLER.");
    }

    [Fact]
    public async Task AddToProject_OfASubJobTheErpDoesNotHave_IsNotFound()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var demo = await app.CompanyAsync(DemoData.Demo);
        var riverside = await app.WithDbAsync(demo.Id, db => db.Projects.SingleAsync(p => p.Number == "1001"));

        var response = await browser.PostAsync("AddToProject", new() { ["projectId"] = riverside.Id.ToString(), ["erpJobId"] = "NOSUCH" }, "ready-to-import");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithDbAsync(demo.Id, db => db.SubJobs.AnyAsync(s => s.Code == "NOSUCH"))).ShouldBeFalse();
    }
}
