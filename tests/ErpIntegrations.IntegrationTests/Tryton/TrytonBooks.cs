using System.Net;
using System.Text.Json;
using ErpIntegrations.Connectors;
using ErpIntegrations.Connectors.Tryton;
using ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Exports;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Tryton;

/// <summary>
/// One test's books in the shared Tryton database: an analytic root account of its own with job accounts under it. A
/// company connected with that root as its jobs' root sees these jobs alone, and no two tests' connections are the same
/// (the app refuses one connection for two companies).
/// </summary>
public sealed class TrytonBooks
{
    private TrytonBooks(TrytonSettings settings, TrytonAdmin admin, IReadOnlyList<TrytonAccount> jobs)
    {
        Settings = settings;
        Admin = admin;
        Jobs = jobs;
    }

    /// <summary>The settings a company enters to reach these books as Tryton's admin user.</summary>
    public TrytonSettings Settings { get; }

    /// <summary>Tryton's own administrator, to set up what a person would enter in Tryton and to read back what Tryton holds.</summary>
    public TrytonAdmin Admin { get; }

    public IReadOnlyList<TrytonAccount> Jobs { get; }

    public string RootCode => Settings.JobsRootCode!;

    public static async Task<TrytonBooks> CreateAsync(TrytonFixture tryton, TrytonServer? server = null, int jobs = 2)
    {
        var root = tryton.NewCode("ROOT");
        var admin = tryton.Admin(server);
        await admin.CreateRootAsync(root, $"Jobs of {root}");
        var accounts = new List<TrytonAccount>();
        for (var i = 0; i < jobs; i++)
        {
            var code = tryton.NewCode("JOB");
            await admin.CreateJobAsync(code, $"Job {code}", root);
            accounts.Add(await admin.JobAsync(code));
        }

        return new TrytonBooks(tryton.Settings(server, root), admin, accounts);
    }

    /// <summary>The body of PUT /api/v1/erp/connection for these settings.</summary>
    public static object ConnectionBody(TrytonSettings settings) => new
    {
        connector = "tryton",
        settings = new Dictionary<string, string?>
        {
            ["url"] = settings.Url,
            ["database"] = settings.Database,
            ["username"] = settings.Username,
            ["password"] = settings.Password,
            ["jobsRootCode"] = settings.JobsRootCode,
        },
    };

    /// <summary>Connects the company of <paramref name="admin"/> (an ERP Integrations Admin) to these books, or to others' settings.</summary>
    public async Task<JsonElement> ConnectAsync(ApiClient admin, TrytonSettings? settings = null) =>
        await (await admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", ConnectionBody(settings ?? Settings))).JsonAsync(HttpStatusCode.OK);

    /// <summary>
    /// Stores settings Tryton cannot be reached or signed in with: saved without contacting Tryton, read back from the
    /// company; the PUT still answers 200, with what Tryton answered when its jobs were listed in jobsProblem.
    /// </summary>
    public static async Task SaveConnectionAsync(TestCompany company, ApiClient admin, TrytonSettings settings)
    {
        using var response = await admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", ConnectionBody(settings));
        var answer = await response.JsonAsync(HttpStatusCode.OK);
        answer.GetProperty("jobsProblem").GetString().ShouldNotBeNullOrWhiteSpace();
        answer.GetProperty("jobs").GetArrayLength().ShouldBe(0);
        var stored = await company.App.CompanyAsync(company.Name);
        stored.ErpConnector.ShouldBe("Tryton", await response.Content.ReadAsStringAsync());
        stored.ErpConnection.ShouldBe((settings with { Password = "" }).ToConnectionString(), await response.Content.ReadAsStringAsync());
    }

    /// <summary>The company's connector as the app makes it from the stored settings: what the exporter and the pages call.</summary>
    public static async Task<IErpConnector> ConnectorOfAsync(TestCompany company) =>
        company.App.Services.GetRequiredService<ErpConnectors>().For(await company.App.CompanyAsync(company.Name));

    /// <summary>A project of the company linked, through the API, to one of these jobs (the first by default).</summary>
    public async Task<TestProject> LinkedProjectAsync(TestCompany company, ApiClient admin, TrytonAccount? job = null)
    {
        job ??= Jobs[0];
        var project = await company.ProjectAsync(linked: false);
        await (await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/projects/{project.Id}/erp-job", new { erpJobId = job.Code })).JsonAsync(HttpStatusCode.OK);
        return project with { ErpJobId = job.Code };
    }
}
