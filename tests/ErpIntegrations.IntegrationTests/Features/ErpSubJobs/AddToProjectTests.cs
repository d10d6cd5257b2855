using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class AddToProjectTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task ReadyToImport_ListsSubJobsOnlyInTheErp_AndRefreshAsksTheErpAgain()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1");
        await company.ErpOnlySubJobAsync(riverside, "CHILLER", "Central chiller plant", "22-100");
        await company.ErpOnlySubJobAsync(harbor, "POOL", "Rooftop pool deck", "03-300", "22-100");
        await company.ErpOnlySubJobAsync(harbor, "LANDSCAPE", "Landscaping");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);

        var page = await browser.GetPageAsync(ErpSubJobsPage.Url("ready-to-import"));

        var doc = Html.Parse(page);
        doc.One("h3#only-in-erp-heading").Text().ShouldBe("Sub Jobs Only in ERP");
        var table = doc.One("table[data-ready-to-import]");
        table.GetAttribute("aria-labelledby").ShouldBe("only-in-erp-heading");
        table.ShouldHave("tr[data-erp-job-id=CHILLER]");
        table.ShouldHave("tr[data-erp-job-id=POOL]");
        table.ShouldHave("tr[data-erp-job-id=LANDSCAPE]");
        doc.ShouldNotHave("[data-erp-job-id=PHASE1]");
        doc.Button("Refresh Sub Jobs");
        table.One("tr[data-erp-job-id=CHILLER]").Button("Add to Project: CHILLER to 1001", shows: "Add to Project");

        await company.ErpOnlySubJobAsync(riverside, "ICU", "Intensive care unit", "22-100");
        Html.Parse(await browser.GetPageAsync($"{ErpSubJobsPage.Url("ready-to-import")}&refresh=1")).ShouldHave("tr[data-erp-job-id=ICU]");
    }

    [Fact]
    public async Task ReadyToImport_StillListsAnErpSubJob_WhoseIdAFailedExportOfOursTriedToTake()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        await company.ErpOnlySubJobAsync(harbor, "POOL", "Rooftop pool deck", "03-300", "22-100");
        var floor2 = await company.SubJobAsync(harbor, code: "FLOOR2");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        await browser.FollowAsync(await browser.PostAsync("Accept", new() { ["subJobId"] = floor2.ToString(), ["erpJobId"] = "POOL" }));
        await App.Exporter.RunOnceAsync();
        (await App.SubJobAsync(floor2)).State.ShouldBe(SubJobState.FailedToExport);

        var page = await browser.GetPageAsync(ErpSubJobsPage.Url("ready-to-import"));

        Html.Parse(page).ShouldHave("tr[data-erp-job-id=POOL]");
    }

    [Fact]
    public async Task AddToProject_ImportsTheSubJobAsSynced_WithItsCostCodesAndAnAuditEntry()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        await company.ErpOnlySubJobAsync(riverside, "CHILLER", "Central chiller plant", "22-100");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);

        var page = Html.Parse(await browser.FollowAsync(await browser.PostAsync(
            "AddToProject", new() { ["projectId"] = riverside.Id.ToString(), ["erpJobId"] = "CHILLER" }, "ready-to-import")));

        page.Success().ShouldBe("CHILLER: added to project 1001 as Synced.");
        page.ShouldNotHave("[data-erp-job-id=CHILLER]");
        var id = await company.SubJobIdAsync("CHILLER");
        var imported = await App.SubJobAsync(id);
        imported.State.ShouldBe(SubJobState.Synced);
        imported.ProjectId.ShouldBe(riverside.Id);
        imported.ErpSubJobId.ShouldBe("CHILLER");
        imported.ErpRecordId.ShouldNotBeNullOrEmpty();
        imported.CostCodes.Select(c => c.Code).ShouldBe(["22-100"]);
        var audit = imported.History.ShouldHaveSingleItem();
        audit.Action.ShouldBe(AuditAction.Imported);
        audit.ActorName.ShouldBe("Avery Approver");
        ErpSubJobsPage.Codes(await browser.GetPageAsync(ErpSubJobsPage.Url("synced"))).ShouldContain("CHILLER");

        var again = await browser.PostAsync("AddToProject", new() { ["projectId"] = riverside.Id.ToString(), ["erpJobId"] = "CHILLER" }, "ready-to-import");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await again.Content.ReadAsStringAsync()).Text().ShouldContain("Project 1001 already has sub job CHILLER.");
        (await company.WithDbAsync(db => db.SubJobs.CountAsync(s => s.Code == "CHILLER"))).ShouldBe(1);
    }

    [Fact]
    public async Task AddToProject_OfASubJobTheErpDoesNotHave_IsNotFound()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);

        var response = await browser.PostAsync("AddToProject", new() { ["projectId"] = riverside.Id.ToString(), ["erpJobId"] = "NOSUCH" }, "ready-to-import");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await company.WithDbAsync(db => db.SubJobs.AnyAsync(s => s.Code == "NOSUCH"))).ShouldBeFalse();
    }
}
