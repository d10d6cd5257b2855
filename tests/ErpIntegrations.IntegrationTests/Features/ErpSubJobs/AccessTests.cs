using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class AccessTests
{
    [Theory]
    [InlineData("standard@demo.test")]
    [InlineData("readonly@demo.test")]
    public async Task NonApprovers_SeeTheListWithoutActions_AndTheirPostsAreRefused(string email)
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, email);
        var bldga = await app.IdOfAsync("BLDGA");
        var roof = await app.IdOfAsync("ROOF");

        var page = await browser.GetPageAsync(ErpSubJobsPage.Path);
        ErpSubJobsPage.Codes(page).ShouldContain("BLDGA");
        page.ShouldNotContain(">Accept<");
        page.ShouldNotContain(">Reject<");
        page.ShouldNotContain("Export to Sandbox ERP");
        page.ShouldNotContain("Accept selected");
        Html.Parse(page).ShouldNotHave("input[type=checkbox]");
        (await browser.GetPageAsync(ErpSubJobsPage.Url("failed-to-export"))).ShouldNotContain(">Retry<");
        (await browser.GetPageAsync(ErpSubJobsPage.Url("ready-to-import"))).ShouldNotContain("Add to Project</button>");

        var id = bldga.ToString();
        (await browser.PostAsync("Accept", new() { ["subJobId"] = id, ["erpJobId"] = "BLDGA" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("Reject", new() { ["subJobId"] = id, ["reason"] = "No." })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("Retry", new() { ["subJobId"] = roof.ToString() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("BulkAccept", new() { ["selectedIds"] = id })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("BulkReject", new() { ["selectedIds"] = id, ["reason"] = "No." })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("AddToProject", new() { ["projectId"] = Guid.NewGuid().ToString(), ["erpJobId"] = "CHILLER" }, "ready-to-import"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await app.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
        (await app.StateAsync(roof)).ShouldBe(SubJobState.FailedToExport);
        (await app.RequestsAsync(bldga)).ShouldBeEmpty();
        (await app.RequestsAsync(roof)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AStandardUsersAccept_IsRefusedWithTheApproverRule_NotTheViewingRule()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "standard@demo.test");
        var bldga = await app.IdOfAsync("BLDGA");

        var response = await browser.PostAsync("Accept", new() { ["subJobId"] = bldga.ToString(), ["erpJobId"] = "BLDGA" });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.ShouldContain("You do not have permission to do this");
        html.ShouldContain("Accepting sub jobs needs 'Standard' or 'Admin' on ERP Integrations and the 'Can Push to Accounting' privilege.");
        html.ShouldNotContain("'Read Only' or higher");
        (await app.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task AUserWithoutErpIntegrationsAccess_IsForbiddenTheTool()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await browser.Client.GetAsync(ErpSubJobsPage.Path);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("You do not have permission to open this page");
        WebUtility.HtmlDecode(html).ShouldContain("Viewing ERP Integrations needs 'Read Only' or higher on the ERP Integrations tool.");
        html.ShouldNotContain("BLDGA");
        (await browser.Client.GetAsync($"{ErpSubJobsPage.Path}/{await app.IdOfAsync("BLDGA")}/status")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnotherCompanysApprover_GetsNotFound_ForEveryActionOnADemoSubJob()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@other.test");
        var bldga = await app.IdOfAsync("BLDGA");
        var roof = await app.IdOfAsync("ROOF");
        var auditBefore = await app.AuditCountAsync(bldga);

        (await browser.PostAsync("Accept", new() { ["subJobId"] = bldga.ToString(), ["erpJobId"] = "BLDGA" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.PostAsync("Reject", new() { ["subJobId"] = bldga.ToString(), ["reason"] = "Not ours." })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.PostAsync("Retry", new() { ["subJobId"] = roof.ToString() }, "failed-to-export")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.Client.GetAsync($"{ErpSubJobsPage.Path}/{bldga}/status")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var page = await browser.FollowAsync(await browser.PostAsync("BulkAccept", new() { ["selectedIds"] = bldga.ToString() }));
        page.ShouldContain("The sub job was not found.");
        ErpSubJobsPage.Codes(page).ShouldBe(["SPA", "CABINS"], ignoreOrder: true);

        (await app.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
        (await app.StateAsync(roof)).ShouldBe(SubJobState.FailedToExport);
        (await app.AuditCountAsync(bldga)).ShouldBe(auditBefore);
        (await app.RequestsAsync(bldga)).ShouldBeEmpty();
    }
}
