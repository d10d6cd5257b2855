using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ErpIntegrations.IntegrationTests.Connector;

/// <summary>
/// A test company connected to an External ERP ("Vista") through the API, as its admin would: the connector chosen with
/// its ERP Job ID rules, a connector credential created, the ERP's job reported by the integrator and a project linked to it.
/// </summary>
public sealed class ExternalCompany
{
    private ExternalCompany(TestCompany company, ApiClient admin, ApiClient approver, HttpClient connector, string credential, TestProject project)
    {
        Company = company;
        Admin = admin;
        Approver = approver;
        Connector = connector;
        Credential = credential;
        Project = project;
    }

    public TestCompany Company { get; }

    public AppFactory App => Company.App;

    public ApiClient Admin { get; }

    public ApiClient Approver { get; }

    /// <summary>An HTTP client of the app holding the connector credential.</summary>
    public HttpClient Connector { get; }

    public string Credential { get; }

    public TestProject Project { get; }

    public static async Task<ExternalCompany> CreateAsync(AppFactory app, string? webhookUrl = null)
    {
        var company = await TestCompany.CreateAsync(app);
        var admin = await ApiClient.ForAsync(app, company.Admin.Email, TestUser.Password);
        var approver = await ApiClient.ForAsync(app, company.Approver.Email, TestUser.Password);
        var settings = new Dictionary<string, object?>
        {
            ["displayName"] = "Vista",
            ["erpJobIdMaxLength"] = 10,
            ["erpJobIdPattern"] = "^[A-Z0-9-]+$",
            ["erpJobIdCase"] = "upper",
            ["webhookUrl"] = webhookUrl,
        };
        var connected = await (await admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "external", settings })).JsonAsync(HttpStatusCode.OK);
        connected.GetProperty("newCredential").GetProperty("token").GetString()!.ShouldStartWith("erpc_", customMessage: "choosing External creates the first connector credential");
        // A moment later, as a person would: the credentials are listed newest first, and two made at the same instant
        // would tie, coming back in whatever order the database's plan reads them.
        app.Time.Advance(TimeSpan.FromSeconds(1));
        var created = await (await admin.PostJsonAsync("/api/v1/erp/connection/credentials", new { name = "agent" })).JsonAsync(HttpStatusCode.Created);
        var credential = created.GetProperty("token").GetString()!;
        var connector = ConnectorClient(app, credential);
        var project = await company.ProjectAsync();
        await (await connector.PutAsJsonAsync("/api/v1/connector/jobs", new { items = new[] { new { erpJobId = project.ErpJobId, name = project.Name } } })).JsonAsync(HttpStatusCode.OK);
        return new ExternalCompany(company, admin, approver, connector, credential, project);
    }

    public static HttpClient ConnectorClient(AppFactory app, string credential)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = app.ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return client;
    }

    /// <summary>A sub job accepted by the approver through the API: its ERP request waits for the integrator.</summary>
    public async Task<Guid> AcceptedSubJobAsync(string? code = null)
    {
        var subJob = await Company.SubJobAsync(Project, SubJobState.ReadyToExport, code: code);
        await (await Approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{subJob}/accept", new { })).JsonAsync(HttpStatusCode.Accepted);
        return subJob;
    }

    public async Task<JsonElement> ClaimAsync(int max = 20, double waitSeconds = 0)
    {
        var claimed = await (await Connector.PostAsJsonAsync("/api/v1/connector/erp-requests/claim", new { max, waitSeconds })).JsonAsync(HttpStatusCode.OK);
        return claimed.GetProperty("items");
    }

    public Task<HttpResponseMessage> CompleteAsync(JsonElement item, string erpRecordId, Guid? leaseId = null) =>
        Connector.PostAsJsonAsync($"/api/v1/connector/erp-requests/{item.GetProperty("id").GetGuid()}/complete", new { leaseId = leaseId ?? item.GetProperty("leaseId").GetGuid(), erpRecordId });

    public Task<HttpResponseMessage> FailAsync(JsonElement item, bool transient, params string[] messages) =>
        Connector.PostAsJsonAsync($"/api/v1/connector/erp-requests/{item.GetProperty("id").GetGuid()}/fail", new { leaseId = item.GetProperty("leaseId").GetGuid(), transient, messages });

    /// <summary>The sub job as the approvers' API shows it.</summary>
    public Task<JsonElement> SubJobAsync(Guid subJobId) => Approver.GetJsonAsync($"/api/v1/erp/sub-jobs/{subJobId}");
}
