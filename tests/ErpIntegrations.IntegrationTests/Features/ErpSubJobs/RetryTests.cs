using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class RetryTests
{
    [Fact]
    public async Task Retry_AfterAPermanentFailureIsFixed_ExportsTheSubJob()
    {
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
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("GARAGE");

        var response = await browser.PostAsync("Retry", new() { ["subJobId"] = id.ToString() });

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Only a sub job that Failed to Export can be retried; this one is Ready to Export.");
        (await app.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Retry_WhenTheProjectIsNoLongerLinked_IsRefusedWithoutAnExport()
    {
        await using var app = new AppFactory();
        var (company, _, _) = await app.DemoAsync();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("ROOF");
        await using (var scope = app.ScopeFor(company.Id, out var db))
        {
            // Unlinked before unlinking counted sub jobs that Failed to Export.
            var harbor = await db.Projects.SingleAsync(p => p.Number == "1002");
            harbor.UnlinkFromErpJob(subJobsInErp: 0);
            await db.SaveChangesAsync();
        }

        var response = await browser.PostAsync("Retry", new() { ["subJobId"] = id.ToString() }, "failed-to-export");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Project 1002 is no longer linked to an ERP job, so the sub job cannot be exported.");
        (await app.StateAsync(id)).ShouldBe(SubJobState.FailedToExport);
        (await app.RequestsAsync(id)).ShouldHaveSingleItem().Status.ShouldBe(ErpRequestStatus.Failed);
    }
}
