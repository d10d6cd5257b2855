using System.Net;
using ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Tryton;

[Collection(TrytonCollection.Name)]
public sealed class TrytonOutageTests(TrytonFixture tryton)
{
    [Fact]
    public async Task WhileTrytonIsStopped_TheExportIsRetriedOnItsBackoff_AndSyncsOnceTrytonIsBack()
    {
        // Moves the app's clock through the backoff: an app of its own. Stops its Tryton: a trytond of its own, serving
        // the shared database.
        await using var app = new AppFactory(maxAttempts: 5);
        await using var server = await TrytonServer.StartAsync(tryton.Directory);
        var company = await TestCompany.CreateAsync(app);
        var books = await TrytonBooks.CreateAsync(tryton, server);
        var admin = await ApiClient.ForAsync(app, company.Admin.Email);
        await books.ConnectAsync(admin);
        var job = books.Jobs[0];
        var project = await books.LinkedProjectAsync(company, admin, job);
        var id = await company.SubJobAsync(project, code: "DOWN");
        var approver = await ApiClient.ForAsync(app, company.Approver.Email);

        await server.StopAsync();
        // Tryton cannot check the ID just now: the accept goes ahead, and the export checks it once Tryton answers.
        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).JsonAsync(HttpStatusCode.Accepted);
        await app.Exporter.RunOnceAsync();

        var first = (await app.RequestsAsync(id)).ShouldHaveSingleItem();
        (first.Status, first.Attempts).ShouldBe((ErpRequestStatus.InProgress, 1));
        first.Messages.ShouldNotBeNull().ShouldStartWith($"Could not reach Tryton at {server.Url}:");
        first.NextAttemptAt.ShouldBeGreaterThan(app.Now);
        (await app.Exporter.RunOnceAsync()).ShouldBe(0, "the retry is not due yet");

        app.Time.Advance(first.NextAttemptAt - app.Now + TimeSpan.FromMilliseconds(1));
        await app.Exporter.RunOnceAsync();

        var second = (await app.RequestsAsync(id)).ShouldHaveSingleItem();
        (second.Status, second.Attempts).ShouldBe((ErpRequestStatus.InProgress, 2));
        (second.NextAttemptAt - app.Now).ShouldBeGreaterThan(first.NextAttemptAt - first.CreatedAt, "the backoff grows");
        (await approver.GetJsonAsync($"/api/v1/erp/sub-jobs/{id}")).GetProperty("state").GetString().ShouldBe("exporting");

        await server.StartAsync();
        app.Time.Advance(second.NextAttemptAt - app.Now + TimeSpan.FromMilliseconds(1));
        await app.Exporter.RunOnceAsync();

        (await app.StateAsync(id)).ShouldBe(SubJobState.Synced);
        var done = (await app.RequestsAsync(id)).ShouldHaveSingleItem();
        (done.Status, done.Attempts).ShouldBe((ErpRequestStatus.Success, 3));
        (await books.Admin.ChildrenAsync(job.Id)).ShouldHaveSingleItem().Code.ShouldBe("DOWN");
    }
}
