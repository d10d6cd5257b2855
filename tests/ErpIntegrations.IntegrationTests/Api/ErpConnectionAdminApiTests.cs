using System.Net;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using static ErpIntegrations.IntegrationTests.Api.AdminApiKit;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class ErpConnectionAdminApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task AnErpIntegrationsAdmin_SeesTheConnection_ChangesIt_AndAddsASandboxJob()
    {
        // A fresh installation whose first company is set up as a customer would: an app of its own.
        await using var app = new AppFactory(seedDemo: false);
        await app.SetUpAcmeAsync();
        var api = await ApiClient.ForAsync(app, SetupKit.AdminEmail, SetupKit.AdminPassword);

        var settings = await api.GetJsonAsync("/api/v1/erp/connection/settings");
        settings.GetProperty("connector").GetString().ShouldBe("Sandbox");
        settings.GetProperty("hasLedger").GetBoolean().ShouldBeTrue();
        settings.GetProperty("capabilities").GetProperty("supportsSubJobs").GetBoolean().ShouldBeTrue();
        settings.GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldBe(["External", "Sandbox", "Tryton"]);

        var changed = await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "Sandbox", connection = "acme-ledger" })).JsonAsync(HttpStatusCode.OK);
        changed.GetProperty("connection").GetString().ShouldBe("acme-ledger");
        (await app.CompanyAsync("Acme Builders")).ErpConnection.ShouldBe("acme-ledger");

        var response = await api.PostJsonAsync("/api/v1/sandbox-erp/jobs", new { jobId = "ACME-1", name = " Acme Tower " });
        var job = await response.JsonAsync(HttpStatusCode.Created);
        (job.GetProperty("jobId").GetString(), job.GetProperty("name").GetString()).ShouldBe(("ACME-1", "Acme Tower"));
        (await app.SandboxStore.ListLedgerAsync("acme-ledger", CancellationToken.None)).Select(j => j.JobId).ShouldBe(["ACME-1"]);
        (await api.GetJsonAsync("/api/v1/erp/jobs")).GetProperty("items").EnumerateArray().Select(j => j.GetProperty("jobId").GetString()).ShouldBe(["ACME-1"]);

        var fresh = await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "Sandbox" })).JsonAsync(HttpStatusCode.OK);
        fresh.GetProperty("connection").GetString().ShouldNotBe("acme-ledger");
        (await app.CompanyAsync("Acme Builders")).ErpConnection.ShouldBe(fresh.GetProperty("connection").GetString());
    }

    [Fact]
    public async Task BadInput_Answers400_AndChangingWhileExportsAreInProgress_409()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        await company.ProjectAsync("1003", erpJobId: "NOP-1003");
        await company.SubJobAsync(riverside, SubJobState.Exporting, code: "HELIPAD");
        await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1");
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { })).ProblemAsync(HttpStatusCode.BadRequest, "connector");
        await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "Sage300", connection = "x" })).ProblemAsync(HttpStatusCode.BadRequest, "connector");
        await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "Sandbox", connection = new string('c', 501) })).ProblemAsync(HttpStatusCode.BadRequest, "connection");
        await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = true })).ProblemAsync(HttpStatusCode.BadRequest, "connector");
        var busy = await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "Sandbox", connection = "elsewhere" })).ProblemAsync(HttpStatusCode.Conflict);
        busy.GetProperty("detail").GetString().ShouldBe("1 export is in progress. Change the ERP connection once they have finished (Synced or Failed to Export).");
        (await App.CompanyAsync(company.Name)).ErpConnection.ShouldBe(company.Ledger);

        await (await api.PostJsonAsync("/api/v1/sandbox-erp/jobs", new { })).ProblemAsync(HttpStatusCode.BadRequest, "jobId", "name");
        await (await api.PostJsonAsync("/api/v1/sandbox-erp/jobs", new { jobId = "BAD ID!", name = "X" })).ProblemAsync(HttpStatusCode.BadRequest, "jobId");
        await (await api.PostJsonAsync("/api/v1/sandbox-erp/jobs", new { jobId = "RMC-1001", name = "Again" })).ProblemAsync(HttpStatusCode.BadRequest, "jobId");
        await (await api.PostJsonAsync("/api/v1/sandbox-erp/jobs", new { jobId = "NEW-1", name = new string('n', 201) })).ProblemAsync(HttpStatusCode.BadRequest, "name");
        (await App.SandboxStore.ListLedgerAsync(company.Ledger, CancellationToken.None)).Select(j => j.JobId).ShouldBe(["HVA-1002", "NOP-1003", "RMC-1001"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("approver")]
    [InlineData("standard")]
    [InlineData("readonly")]
    [InlineData("pm")]
    public async Task AnyoneButAnErpIntegrationsAdmin_IsRefused403(string who)
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, await company.EmailAsync(who));

        await api.ShouldAllAnswerAsync(HttpStatusCode.Forbidden, [
            new(HttpMethod.Get, "/api/v1/erp/connection/settings"),
            new(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "Sandbox", connection = "elsewhere" }),
            new(HttpMethod.Post, "/api/v1/erp/connection/test", new { connector = "Sandbox", connection = "elsewhere" }),
            new(HttpMethod.Post, "/api/v1/sandbox-erp/jobs", new { jobId = "NEW-1", name = "New" }),
        ]);

        (await App.CompanyAsync(company.Name)).ErpConnection.ShouldBe(company.Ledger);
        (await App.SandboxStore.ListLedgerAsync(company.Ledger, CancellationToken.None)).Select(j => j.JobId).ShouldNotContain("NEW-1");
    }
}
