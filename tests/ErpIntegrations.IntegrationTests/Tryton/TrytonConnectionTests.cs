using System.Net;
using ErpIntegrations.Connectors;
using ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Tryton;

// Connecting a company to a real trytond, and the settings that cannot work: each says what is wrong, and nothing of
// the company's is lost on the way.
[Collection(TrytonCollection.Name)]
public sealed class TrytonConnectionTests(SharedApp shared, TrytonFixture tryton) : IClassFixture<SharedApp>
{
    private const string UserPassword = "Kx7-pQ2-mZ9-wR4";

    private AppFactory App => shared.App;

    [Fact]
    public async Task Connecting_ListsTrytonsJobs_WithoutShowingThePassword_AndTestConnectionSaysWhatItFound()
    {
        var company = await shared.NewCompanyAsync();
        var books = await TrytonBooks.CreateAsync(tryton);
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);

        var connected = await books.ConnectAsync(admin);

        connected.GetProperty("connector").GetString().ShouldBe("Tryton");
        connected.GetProperty("capabilities").GetProperty("displayName").GetString().ShouldBe("Tryton");
        connected.GetProperty("jobs").EnumerateArray().Select(j => (j.GetProperty("jobId").GetString(), j.GetProperty("name").GetString()))
            .ShouldBe(books.Jobs.OrderBy(j => j.Code, StringComparer.Ordinal).Select(j => (j.Code, (string?)j.Name)));
        var shown = (await admin.GetJsonAsync("/api/v1/erp/connection/settings")).ToString();
        shown.ShouldContain(books.RootCode);
        shown.ShouldNotContain(books.Settings.Password);
        (await admin.GetJsonAsync("/api/v1/erp/jobs")).GetProperty("items").EnumerateArray().Select(j => j.GetProperty("jobId").GetString())
            .ShouldBe(books.Jobs.Select(j => j.Code).Order(StringComparer.Ordinal));
        (await (await TrytonBooks.ConnectorOfAsync(company)).TestConnectionAsync(CancellationToken.None))
            .ShouldBe(new ErpConnectionTest(true, $"Signed in to Tryton as admin: company {TrytonFixture.CompanyName}, 2 jobs under root account {books.RootCode}.", 2));
    }

    [Fact]
    public async Task AWrongPassword_IsRefusedAtAccept_AndFailsAnExportAtOnce_SayingTheUserNameOrPasswordWasRefused()
    {
        var company = await shared.NewCompanyAsync();
        var books = await TrytonBooks.CreateAsync(tryton);
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        var project = await company.ProjectAsync(erpJobId: books.Jobs[0].Code);
        var atAccept = await company.SubJobAsync(project, code: "ATACCEPT");
        var atExport = await company.SubJobAsync(project, code: "ATEXPORT");

        // A user of its own for each refusal: Tryton slows every further sign-in of a user down after a refused one.
        var mistyped = await NewTrytonUserAsync(books);
        await TrytonBooks.SaveConnectionAsync(company, admin, books.Settings with { Username = mistyped, Password = "not-the-password" });
        var refused = $"Tryton refused the user name or password: user {mistyped} could not sign in to database {books.Settings.Database}.";
        var accept = await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{atAccept}/accept")).ProblemAsync(HttpStatusCode.BadRequest, "erpJobId");
        var jobs = await (await admin.GetAsync("/api/v1/erp/jobs")).ProblemAsync(HttpStatusCode.BadGateway);

        accept.GetProperty("errors").GetProperty("erpJobId")[0].GetString().ShouldBe($"Tryton could not check the ERP Job ID: {refused}");
        jobs.GetProperty("detail").GetString().ShouldBe(refused);
        (await App.StateAsync(atAccept)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(atAccept)).ShouldBeEmpty();

        var changed = await NewTrytonUserAsync(books);
        await books.ConnectAsync(admin, books.Settings with { Username = changed, Password = UserPassword });
        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{atExport}/accept")).JsonAsync(HttpStatusCode.Accepted);
        // A new password alone may be entered while the export waits.
        await TrytonBooks.SaveConnectionAsync(company, admin, books.Settings with { Username = changed, Password = "an-old-password" });
        await App.Exporter.RunOnceAsync();

        var failed = await App.SubJobAsync(atExport);
        failed.State.ShouldBe(SubJobState.FailedToExport);
        failed.ExportError.ShouldBe($"Tryton refused the user name or password: user {changed} could not sign in to database {books.Settings.Database}.");
        (await App.RequestsAsync(atExport)).ShouldHaveSingleItem().Attempts.ShouldBe(1);
        (await books.Admin.ChildrenAsync(books.Jobs[0].Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ANonHttpUrl_IsRefusedWhenEntered_AndTheCompanyKeepsItsConnection()
    {
        var company = await shared.NewCompanyAsync();
        var books = await TrytonBooks.CreateAsync(tryton);
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        await books.ConnectAsync(admin);
        var before = await App.CompanyAsync(company.Name);

        var refused = await (await admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", TrytonBooks.ConnectionBody(books.Settings with { Url = "ftp://127.0.0.1/" })))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings.url");

        refused.GetProperty("errors").GetProperty("settings.url")[0].GetString().ShouldBe("The Tryton URL \"ftp://127.0.0.1/\" is not an http:// or https:// address.");
        var after = await App.CompanyAsync(company.Name);
        (after.ErpConnector, after.ErpConnection, after.ErpSecrets).ShouldBe((before.ErpConnector, before.ErpConnection, before.ErpSecrets));
        (await admin.GetJsonAsync("/api/v1/erp/jobs")).GetProperty("items").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task AnUnreachableUrl_OrAWrongDatabase_SaysSoWhenTrytonIsAsked_AndChangesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var books = await TrytonBooks.CreateAsync(tryton);
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        var project = await company.ProjectAsync(linked: false);
        var nobody = $"http://127.0.0.1:{TrytonServer.FreePort()}/";

        await TrytonBooks.SaveConnectionAsync(company, admin, books.Settings with { Url = nobody });
        var unreachable = await (await admin.GetAsync("/api/v1/erp/jobs")).ProblemAsync(HttpStatusCode.ServiceUnavailable);
        var link = await (await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/projects/{project.Id}/erp-job", new { erpJobId = books.Jobs[0].Code })).ProblemAsync(HttpStatusCode.ServiceUnavailable);
        var testUnreachable = await (await TrytonBooks.ConnectorOfAsync(company)).TestConnectionAsync(CancellationToken.None);

        unreachable.GetProperty("detail").GetString().ShouldStartWith($"Could not reach Tryton at {nobody}:");
        link.GetProperty("detail").GetString().ShouldBe(unreachable.GetProperty("detail").GetString());
        testUnreachable.Succeeded.ShouldBeFalse();
        testUnreachable.Message.ShouldStartWith($"Could not reach Tryton at {nobody}:");

        await TrytonBooks.SaveConnectionAsync(company, admin, books.Settings with { Database = "nosuchdb" });
        var wrongDatabase = await (await admin.GetAsync("/api/v1/erp/jobs")).ProblemAsync(HttpStatusCode.BadGateway);
        var testWrongDatabase = await (await TrytonBooks.ConnectorOfAsync(company)).TestConnectionAsync(CancellationToken.None);

        wrongDatabase.GetProperty("detail").GetString().ShouldBe($"Tryton at {books.Settings.Url} has no database named \"nosuchdb\".");
        testWrongDatabase.ShouldBe(new ErpConnectionTest(false, wrongDatabase.GetProperty("detail").GetString()!, null));
        (await company.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.ErpJobId).SingleAsync())).ShouldBeNull();
    }

    private async Task<string> NewTrytonUserAsync(TrytonBooks books)
    {
        var login = tryton.NewCode("user");
        await books.Admin.CreateUserAsync(login, UserPassword);
        return login;
    }
}
