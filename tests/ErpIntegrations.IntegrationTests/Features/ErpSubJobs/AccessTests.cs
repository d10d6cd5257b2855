using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class AccessTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Theory]
    [InlineData("standard")]
    [InlineData("readonly")]
    public async Task NonApprovers_SeeTheListWithoutActions_AndTheirPostsAreRefused(string who)
    {
        var (company, bldga, roof) = await CompanyAsync();
        var browser = await Browser.SignInAsync(App, await company.EmailAsync(who));

        var html = await browser.GetPageAsync(ErpSubJobsPage.Path);
        var page = Html.Parse(html);
        ErpSubJobsPage.Codes(html).ShouldContain("BLDGA");
        Controls(page).ShouldNotContain("Accept");
        Controls(page).ShouldNotContain("Reject");
        page.Text().ShouldNotContain("Export to Sandbox ERP");
        page.Text().ShouldNotContain("Accept selected");
        page.ShouldNotHave("input[type=checkbox]");
        var failedHtml = await browser.GetPageAsync(ErpSubJobsPage.Url("failed-to-export"));
        var failed = Html.Parse(failedHtml);
        ErpSubJobsPage.Codes(failedHtml).ShouldBe(["ROOF"]);
        Controls(failed).ShouldNotContain("Retry");
        var importable = Html.Parse(await browser.GetPageAsync(ErpSubJobsPage.Url("ready-to-import")));
        importable.ShouldHave("tr[data-erp-job-id=CHILLER]");
        Controls(importable).ShouldNotContain("Add to Project");

        var id = bldga.ToString();
        (await browser.PostAsync("Accept", new() { ["subJobId"] = id, ["erpJobId"] = "BLDGA" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("Reject", new() { ["subJobId"] = id, ["reason"] = "No." })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("Retry", new() { ["subJobId"] = roof.ToString() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("BulkAccept", new() { ["selectedIds"] = id })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("BulkReject", new() { ["selectedIds"] = id, ["reason"] = "No." })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("AddToProject", new() { ["projectId"] = Guid.NewGuid().ToString(), ["erpJobId"] = "CHILLER" }, "ready-to-import"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await App.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
        (await App.StateAsync(roof)).ShouldBe(SubJobState.FailedToExport);
        (await App.RequestsAsync(bldga)).ShouldBeEmpty();
        (await App.RequestsAsync(roof)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AStandardUsersAccept_IsRefusedWithTheApproverRule_NotTheViewingRule()
    {
        var (company, bldga, _) = await CompanyAsync();
        var browser = await Browser.SignInAsync(App, company.Standard.Email);

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = bldga.ToString(), ["erpJobId"] = "BLDGA" });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        page.One("h1").Text().ShouldBe("You do not have permission to do this");
        page.Text().ShouldContain("Accepting sub jobs needs 'Standard' or 'Admin' on ERP Integrations and the 'Can Push to Accounting' privilege.");
        page.Text().ShouldNotContain("'Read Only' or higher");
        (await App.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task AUserWithoutErpIntegrationsAccess_IsForbiddenTheTool()
    {
        var (company, bldga, _) = await CompanyAsync();
        var browser = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await browser.Client.GetAsync(ErpSubJobsPage.Path);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = await response.Content.ReadAsStringAsync();
        var page = Html.Parse(html);
        page.One("h1").Text().ShouldBe("You do not have permission to open this page");
        page.Text().ShouldContain("Viewing ERP Integrations needs 'Read Only' or higher on the ERP Integrations tool.");
        html.ShouldNotContain("BLDGA");
        (await browser.Client.GetAsync($"{ErpSubJobsPage.Path}/{bldga}/status")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnotherCompanysApprover_GetsNotFound_ForEveryActionOnADemoSubJob()
    {
        var (_, bldga, roof) = await CompanyAsync();
        var other = await shared.NewCompanyAsync();
        var lodge = await other.ProjectAsync("2001", "Mountain Lodge", erpJobId: "ML-2001");
        await other.SubJobAsync(lodge, code: "SPA");
        await other.SubJobAsync(lodge, code: "CABINS");
        var browser = await Browser.SignInAsync(App, other.Approver.Email);
        var auditBefore = await App.AuditCountAsync(bldga);

        (await browser.PostAsync("Accept", new() { ["subJobId"] = bldga.ToString(), ["erpJobId"] = "BLDGA" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.PostAsync("Reject", new() { ["subJobId"] = bldga.ToString(), ["reason"] = "Not ours." })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.PostAsync("Retry", new() { ["subJobId"] = roof.ToString() }, "failed-to-export")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.Client.GetAsync($"{ErpSubJobsPage.Path}/{bldga}/status")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var page = await browser.FollowAsync(await browser.PostAsync("BulkAccept", new() { ["selectedIds"] = bldga.ToString() }));
        Html.Parse(page).Text().ShouldContain("The sub job was not found.");
        ErpSubJobsPage.Codes(page).ShouldBe(["SPA", "CABINS"], ignoreOrder: true);

        (await App.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
        (await App.StateAsync(roof)).ShouldBe(SubJobState.FailedToExport);
        (await App.AuditCountAsync(bldga)).ShouldBe(auditBefore);
        (await App.RequestsAsync(bldga)).ShouldBeEmpty();
    }

    /// <summary>The text of every button and disclosure a person could press.</summary>
    private static List<string> Controls(AngleSharp.Dom.IParentNode page) => [.. page.QuerySelectorAll("button, summary, input[type=submit]").Select(c => c.Text())];

    /// <summary>A company of the test's own with BLDGA Ready to Export, ROOF Failed to Export and CHILLER only in its ERP.</summary>
    private async Task<(TestCompany Company, Guid Bldga, Guid Roof)> CompanyAsync()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        var harbor = await company.ProjectAsync("1002", "Harbor View Apartments", erpJobId: "HVA-1002");
        var bldga = await company.SubJobAsync(riverside, code: "BLDGA");
        var roof = await company.SubJobAsync(harbor, SubJobState.FailedToExport, code: "ROOF");
        await company.ErpOnlySubJobAsync(riverside, "CHILLER", "Central chiller plant", "22-100");
        return (company, bldga, roof);
    }
}
