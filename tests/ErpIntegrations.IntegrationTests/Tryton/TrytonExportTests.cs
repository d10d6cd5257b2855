using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ErpIntegrations.Connectors;
using ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Tryton;

// Accept → Synced against a real trytond, through the API and the pages; what Tryton holds is read back over its own
// JSON-RPC (TrytonAdmin), never taken from the connector's word.
[Collection(TrytonCollection.Name)]
public sealed class TrytonExportTests(SharedApp shared, TrytonFixture tryton) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Accept_ExportsTheSubJobToTryton_AsAnAccountUnderItsJobWithItsCostCodes_AndItIsSynced()
    {
        var (company, books, admin) = await ConnectedCompanyAsync();
        var job = books.Jobs[0];
        var project = await books.LinkedProjectAsync(company, admin, job);
        var pm = await ApiClient.ForAsync(App, company.ProjectManager.Email);
        var created = await (await pm.PostJsonAsync($"/api/v1/projects/{project.Id}/sub-jobs", new { code = "Fitout2", description = "Ground floor fit-out", costCodes = new[] { "03-300", "26-050" } }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await (await pm.PostJsonAsync($"/api/v1/sub-jobs/{id}/send-to-erp")).JsonAsync(HttpStatusCode.OK);
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var row = ErpSubJobsPage.Row(await browser.GetPageAsync(ErpSubJobsPage.Path), "Fitout2");
        row.Text().ShouldContain("Export to Tryton");
        row.One("input[name=erpJobId]").GetAttribute("value").ShouldBe("FITOUT2");

        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        var accepted = await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).JsonAsync(HttpStatusCode.Accepted);
        accepted.GetProperty("state").GetString().ShouldBe("exporting");
        await App.Exporter.RunOnceAsync();

        var synced = await approver.GetJsonAsync($"/api/v1/erp/sub-jobs/{id}");
        synced.GetProperty("state").GetString().ShouldBe("synced");
        synced.GetProperty("erpJobId").GetString().ShouldBe("FITOUT2");
        var account = (await books.Admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem();
        account.ShouldBe(new TrytonAccount(account.Id, "FITOUT2", "Ground floor fit-out", "view", "opened", $"ERP Integrations sub job {id}", job.Root, job.Id));
        (await books.Admin.ChildrenAsync(account.Id)).Select(c => (c.Code, c.Name, c.Type, c.State, c.Root))
            .ShouldBe([("03-300", "Cast-in-Place Concrete", "normal", "opened", job.Root), ("26-050", "Electrical", "normal", "opened", job.Root)], ignoreOrder: true);
        (await App.SubJobAsync(id)).ErpRecordId.ShouldBe(Id(account));
        var status = await browser.Client.GetFromJsonAsync<JsonElement>($"{ErpSubJobsPage.Path}/{id}/status");
        (status.GetProperty("state").GetString(), status.GetProperty("stateText").GetString()).ShouldBe(("synced", "Successfully Exported"));
    }

    [Fact]
    public async Task Export_AfterTrytonWroteTheSubJobButWeDidNotRecordIt_EndsSynced_WithOneAccount()
    {
        var (company, books, admin) = await ConnectedCompanyAsync();
        var job = books.Jobs[0];
        var project = await books.LinkedProjectAsync(company, admin, job);
        var id = await company.SubJobAsync(project, code: "CRASH", costCodes: ["03-300", "22-100"]);
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept", new { erpJobId = "CRASH-1" })).JsonAsync(HttpStatusCode.Accepted);

        // The exporter called Tryton, Tryton wrote the accounts, and the process died before saving the answer.
        var request = (await App.RequestsAsync(id)).ShouldHaveSingleItem();
        var written = (await (await TrytonBooks.ConnectorOfAsync(company)).ExportSubJobAsync(request.ReadPayload(), CancellationToken.None)).ShouldBeOfType<ErpExportResult.Succeeded>();
        await App.Exporter.RunOnceAsync();

        var subJob = await App.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.Synced);
        subJob.ErpRecordId.ShouldBe(written.ErpRecordId);
        var account = (await books.Admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem();
        Id(account).ShouldBe(written.ErpRecordId);
        (await books.Admin.ChildrenAsync(account.Id)).Select(c => c.Code).ShouldBe(["03-300", "22-100"], ignoreOrder: true);
    }

    [Fact]
    public async Task Accept_OfAnErpJobIdTrytonAlreadyHolds_IsRefusedInTheAcceptBox_NamingTheAccount()
    {
        var (company, books, admin) = await ConnectedCompanyAsync();
        var job = books.Jobs[0];
        var project = await books.LinkedProjectAsync(company, admin, job);
        var foreign = await books.Admin.CreateAccountAsync(job.Root, job.Id, "ROOF", "Roof works by the site office", "view");
        var id = await company.SubJobAsync(project, code: "ROOF");
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        var clash = $"ERP Job ID {{0}} is already used under job {job.Code} in Tryton by analytic account \"ROOF - Roof works by the site office\" (id {foreign}), which ERP Integrations did not create. Choose another ERP Job ID.";

        var refused = await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var onPage = await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "roof" });

        refused.GetProperty("errors").GetProperty("erpJobId")[0].GetString().ShouldBe(string.Format(CultureInfo.InvariantCulture, clash, "ROOF"));
        onPage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErpSubJobsPage.Row(await onPage.Content.ReadAsStringAsync(), "ROOF").Text().ShouldContain(string.Format(CultureInfo.InvariantCulture, clash, "roof"));
        (await App.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(id)).ShouldBeEmpty();

        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept", new { erpJobId = "ROOF-2" })).JsonAsync(HttpStatusCode.Accepted);
        await App.Exporter.RunOnceAsync();

        (await App.StateAsync(id)).ShouldBe(SubJobState.Synced);
        (await books.Admin.ChildrenAsync(job.Id)).Select(a => a.Code).ShouldBe(["ROOF", "ROOF-2"]);
    }

    [Fact]
    public async Task Export_OfAnErpJobIdEnteredInTrytonAfterAccept_FailsToExport_NamingTheAccount_AndWritesNothing()
    {
        var (company, books, admin) = await ConnectedCompanyAsync();
        var job = books.Jobs[0];
        var project = await books.LinkedProjectAsync(company, admin, job);
        var id = await company.SubJobAsync(project, code: "LIFT");
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).JsonAsync(HttpStatusCode.Accepted);
        var foreign = await books.Admin.CreateAccountAsync(job.Root, job.Id, "lift", "Lift shaft, entered in Tryton", "view");

        await App.Exporter.RunOnceAsync();

        var failed = await approver.GetJsonAsync($"/api/v1/erp/sub-jobs/{id}");
        failed.GetProperty("state").GetString().ShouldBe("failed_to_export");
        failed.GetProperty("errors")[0].GetString().ShouldBe(
            $"ERP Job ID LIFT is already used under job {job.Code} in Tryton by analytic account \"lift - Lift shaft, entered in Tryton\" (id {foreign}), which ERP Integrations did not create. Choose another ERP Job ID.");
        (await books.Admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem().Id.ShouldBe(foreign);
        (await App.RequestsAsync(id)).ShouldHaveSingleItem().Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task ReadyToImport_ListsTrytonsOwnAccountsUnderTheJob_AndAddToProjectImportsOne()
    {
        var (company, books, admin) = await ConnectedCompanyAsync();
        var job = books.Jobs[0];
        var project = await books.LinkedProjectAsync(company, admin, job);
        var ours = await company.SubJobAsync(project, code: "OURS");
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{ours}/accept")).JsonAsync(HttpStatusCode.Accepted);
        await App.Exporter.RunOnceAsync();
        var elevator = await books.Admin.CreateAccountAsync(job.Root, job.Id, "ELEV-2", "Elevator modernisation", "view", note: "Entered by the site office");
        await books.Admin.CreateAccountAsync(job.Root, elevator, "01-100", "General Requirements", "normal");
        await books.Admin.CreateAccountAsync(job.Root, elevator, "99-999", "Not a cost code of the company", "normal");

        var items = (await approver.GetJsonAsync("/api/v1/erp/sub-jobs?filter=ready_to_import")).GetProperty("items");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var page = Html.Parse(await browser.GetPageAsync(ErpSubJobsPage.Url("ready-to-import")));

        var item = items.EnumerateArray().ShouldHaveSingleItem();
        (item.GetProperty("erpJobId").GetString(), item.GetProperty("description").GetString(), item.GetProperty("project").GetProperty("id").GetGuid())
            .ShouldBe(("ELEV-2", "Elevator modernisation", project.Id));
        item.GetProperty("costCodes").Strings().ShouldBe(["01-100", "99-999"]);
        page.ShouldHave("tr[data-erp-job-id=ELEV-2]");
        page.ShouldNotHave("[data-erp-job-id=OURS]");

        var added = await (await approver.PostJsonAsync("/api/v1/erp/sub-jobs/import", new { projectId = project.Id, erpJobId = "ELEV-2" })).JsonAsync(HttpStatusCode.Created);

        added.GetProperty("state").GetString().ShouldBe("synced");
        var imported = await App.SubJobAsync(added.GetProperty("id").GetGuid());
        (imported.Code, imported.Description, imported.ErpSubJobId, imported.ErpRecordId).ShouldBe(("ELEV-2", "Elevator modernisation", "ELEV-2", elevator.ToString(CultureInfo.InvariantCulture)));
        imported.CostCodes.Select(c => c.Code).ShouldBe(["01-100"]);
        (await approver.GetJsonAsync("/api/v1/erp/sub-jobs?filter=ready_to_import")).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await books.Admin.ChildrenAsync(job.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task ADescriptionBeyondTrytonsLimit_IsRefusedWhenEntered_AndANonAsciiOneReachesTrytonExactly()
    {
        var (company, books, admin) = await ConnectedCompanyAsync();
        var job = books.Jobs[0];
        var project = await books.LinkedProjectAsync(company, admin, job);
        var pm = await ApiClient.ForAsync(App, company.ProjectManager.Email);

        var tooLong = await (await pm.PostJsonAsync($"/api/v1/projects/{project.Id}/sub-jobs", new { code = "LONG", description = new string('d', 101), costCodes = new[] { "03-300" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "description");
        tooLong.GetProperty("errors").GetProperty("description")[0].GetString().ShouldBe("The description can be at most 100 characters for Tryton.");

        const string facade = "Façade Ω – Bâtiment Nord 北";
        var id = await company.SubJobAsync(project, code: "FACADE", description: facade);
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).JsonAsync(HttpStatusCode.Accepted);
        await App.Exporter.RunOnceAsync();

        (await App.StateAsync(id)).ShouldBe(SubJobState.Synced);
        (await books.Admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem().Name.ShouldBe(facade);
        (await company.WithDbAsync(db => db.SubJobs.CountAsync(s => s.Code == "LONG"))).ShouldBe(0);
    }

    [Fact]
    public async Task AnErpJobIdOutsideTrytonsRules_IsRefusedAtAccept_AndNothingIsQueued()
    {
        var (company, books, admin) = await ConnectedCompanyAsync();
        var project = await books.LinkedProjectAsync(company, admin);
        var id = await company.SubJobAsync(project, code: "BATI");
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);

        var nonAscii = await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept", new { erpJobId = "BÂTI-1" })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        var tooLong = await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept", new { erpJobId = new string('B', 31) })).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");

        nonAscii.GetProperty("errors").GetProperty("erpJobId")[0].GetString()
            .ShouldBe("The ERP Job ID may hold only letters A–Z, digits, hyphens, underscores and dots in Tryton.");
        tooLong.GetProperty("errors").GetProperty("erpJobId")[0].GetString().ShouldBe("The ERP Job ID can be at most 30 characters in Tryton.");
        (await App.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(id)).ShouldBeEmpty();
        (await books.Admin.ChildrenAsync(books.Jobs[0].Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ACostCodeTrytonRefuses_FailsTheExportWithTrytonsMessage_WritingNothing_AndTheSubJobCanBeRejected()
    {
        var (company, books, admin) = await ConnectedCompanyAsync();
        var job = books.Jobs[0];
        var project = await books.LinkedProjectAsync(company, admin, job);
        await (await admin.PostJsonAsync("/api/v1/cost-codes", new { code = "31-000", description = "Earthwork and grading" })).JsonAsync(HttpStatusCode.Created);
        // Entered before ERP Integrations refused control characters in descriptions: today's forms and API refuse the tab.
        await company.WithDbAsync(db => db.CostCodes.Where(c => c.Code == "31-000")
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.Description, "Earthwork\tand grading")));
        var id = await company.SubJobAsync(project, code: "SITE", costCodes: ["03-300", "31-000"]);
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).JsonAsync(HttpStatusCode.Accepted);

        await App.Exporter.RunOnceAsync();

        var failed = await App.SubJobAsync(id);
        failed.State.ShouldBe(SubJobState.FailedToExport);
        failed.ExportError.ShouldBe("The value \"Earthwork\tand grading\" for field \"Name\" in \"Analytic Account\" contains some invalid chars \"'\\t'\".");
        (await App.RequestsAsync(id)).ShouldHaveSingleItem().Attempts.ShouldBe(1);
        (await books.Admin.ChildrenAsync(job.Id)).ShouldBeEmpty();
        (await books.Admin.AccountsCodedAsync("SITE")).ShouldBeEmpty();
        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/reject", new { reason = "Cost code 31-000 has a tab in its description; choose it again once fixed." }))
            .JsonAsync(HttpStatusCode.OK);
        (await App.StateAsync(id)).ShouldBe(SubJobState.Rejected);
    }

    private async Task<(TestCompany Company, TrytonBooks Books, ApiClient Admin)> ConnectedCompanyAsync()
    {
        var company = await shared.NewCompanyAsync();
        var books = await TrytonBooks.CreateAsync(tryton);
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        await books.ConnectAsync(admin);
        return (company, books, admin);
    }

    private static string Id(TrytonAccount account) => account.Id.ToString(CultureInfo.InvariantCulture);
}
