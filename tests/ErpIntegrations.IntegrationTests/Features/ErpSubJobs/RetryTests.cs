using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class RetryTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Retry_AfterAPermanentFailureIsFixed_ExportsTheSubJob()
    {
        // Turns the Sandbox's faults on for every company: an app of its own.
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("SITEWORK");
        await browser.FollowAsync(await browser.PostAsync("Accept", new() { ["subJobId"] = id.ToString(), ["erpJobId"] = "SITEWORK" }));
        app.Sandbox.PermanentFaultRate = 1;
        try
        {
            await app.Exporter.RunOnceAsync();
        }
        finally
        {
            app.Sandbox.PermanentFaultRate = 0;
        }

        var failed = await app.SubJobAsync(id);
        failed.State.ShouldBe(SubJobState.FailedToExport);
        failed.ExportError.ShouldNotBeNull().ShouldContain("refused sub job SITEWORK");
        var failedPage = await browser.GetPageAsync(ErpSubJobsPage.Url("failed-to-export"));
        var row = ErpSubJobsPage.Row(failedPage, "SITEWORK");
        row.One(".failure").Text().ShouldStartWith("Sandbox ERP refused sub job SITEWORK");
        row.Button("Retry SITEWORK", shows: "Retry");
        (await app.ErpCopiesAsync("NOP-1003", "SITEWORK")).ShouldBe(0);

        var page = await browser.FollowAsync(await browser.PostAsync("Retry", new() { ["subJobId"] = id.ToString() }, "failed-to-export"));

        page.ShouldContain("SITEWORK: exporting to Sandbox ERP again");
        ErpSubJobsPage.Row(page, "SITEWORK").Text().ShouldContain("Export in progress");
        (await app.StateAsync(id)).ShouldBe(SubJobState.Exporting);
        var requests = await app.RequestsAsync(id);
        requests.Select(r => r.Status).ShouldBe([ErpRequestStatus.Failed, ErpRequestStatus.InProgress], ignoreOrder: true);

        await app.Exporter.RunOnceAsync();

        var synced = await app.SubJobAsync(id);
        synced.State.ShouldBe(SubJobState.Synced);
        synced.History.OrderBy(h => h.Id).Select(h => h.Action).TakeLast(4)
            .ShouldBe([AuditAction.Accepted, AuditAction.ExportFailed, AuditAction.Retried, AuditAction.Exported]);
        (await app.ErpCopiesAsync("NOP-1003", "SITEWORK")).ShouldBe(1);
    }

    [Fact]
    public async Task Retry_OfASubJobThatDidNotFail_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(harbor, SubJobState.ReadyToExport, code: "GARAGE");

        var response = await browser.PostAsync("Retry", new() { ["subJobId"] = id.ToString() });

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("Only a sub job that Failed to Export can be retried; this one is Ready to Export.");
        (await App.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Retry_WhenTheProjectIsNoLongerLinked_IsRefusedWithoutAnExport()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(harbor, SubJobState.FailedToExport, code: "ROOF");
        await using (var scope = App.ScopeFor(company.Id, out var db))
        {
            // Unlinked before unlinking counted sub jobs that Failed to Export.
            var project = await db.Projects.SingleAsync(p => p.Id == harbor.Id);
            project.UnlinkFromErpJob(subJobsInErp: 0);
            await db.SaveChangesAsync();
        }

        var response = await browser.PostAsync("Retry", new() { ["subJobId"] = id.ToString() }, "failed-to-export");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("Project 1002 is no longer linked to an ERP job, so the sub job cannot be exported.");
        (await App.StateAsync(id)).ShouldBe(SubJobState.FailedToExport);
        (await App.RequestsAsync(id)).ShouldHaveSingleItem().Status.ShouldBe(ErpRequestStatus.Failed);
    }
}
