using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.Extensions.Logging;

namespace ErpIntegrations.IntegrationTests.Production;

public sealed class ObservabilityTests
{
    private static readonly Dictionary<string, string> MetricsOn = new() { ["App:Metrics:Enabled"] = "true" };

    [Fact]
    public async Task Metrics_AreOffByDefault()
    {
        await using var app = new AppFactory() { ConfigureServices = ProductionKit.ComeFromPeers };
        var client = ProductionKit.Client(app);

        var anonymous = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        anonymous.Headers.Add(ProductionKit.PeerHeader, "127.0.0.1");
        var refused = await client.SendAsync(anonymous);
        refused.StatusCode.ShouldBe(HttpStatusCode.Found, "an unknown address sends a stranger to sign in, as everywhere");
        refused.Headers.Location!.ToString().ShouldContain("/signin");

        var cookie = await ProductionKit.SignInAsync(client, "admin@demo.test");
        var signedIn = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        signedIn.Headers.Add(ProductionKit.PeerHeader, "127.0.0.1");
        signedIn.Headers.Add("Cookie", cookie.Split(';')[0]);
        (await client.SendAsync(signedIn)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Metrics_WhenOn_CountTheExportByOutcome_AndTheAcceptToSyncedLatency()
    {
        await using var app = new AppFactory(settings: MetricsOn) { ConfigureServices = ProductionKit.ComeFromPeers };
        var client = ProductionKit.Client(app);
        var id = await app.AcceptNewSubJobAsync("MET");
        app.Time.Advance(TimeSpan.FromSeconds(2));
        await app.Exporter.RunOnceAsync();
        (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);

        var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Add(ProductionKit.PeerHeader, "127.0.0.1");
        var response = await client.SendAsync(scrape);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("erp_integrations_exports_total{");
        text.Split('\n').ShouldContain(l => l.StartsWith("erp_integrations_exports_total{", StringComparison.Ordinal) && l.Contains("outcome=\"synced\"", StringComparison.Ordinal));
        text.ShouldContain("erp_integrations_export_latency_seconds_bucket{");
        text.ShouldContain("erp_integrations_export_latency_seconds_count");
        text.ShouldContain("erp_integrations_erp_requests_pending");
        text.ShouldContain("erp_integrations_emails_failed");
    }

    [Fact]
    public async Task Metrics_RefuseAnAddressOutsideTheAllowedNetworks()
    {
        await using var app = new AppFactory(settings: new Dictionary<string, string> { ["App:Metrics:Enabled"] = "true", ["App:Metrics:AllowedNetworks"] = "10.1.0.0/16" })
        {
            ConfigureServices = ProductionKit.ComeFromPeers,
        };
        var client = ProductionKit.Client(app);

        var outside = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        outside.Headers.Add(ProductionKit.PeerHeader, "127.0.0.1");
        (await client.SendAsync(outside)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var inside = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        inside.Headers.Add(ProductionKit.PeerHeader, "10.1.2.3");
        (await client.SendAsync(inside)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_ByDefault_AnswerOnlyLoopback()
    {
        await using var app = new AppFactory(settings: MetricsOn) { ConfigureServices = ProductionKit.ComeFromPeers };
        var client = ProductionKit.Client(app);

        var remote = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        remote.Headers.Add(ProductionKit.PeerHeader, "203.0.113.9");
        (await client.SendAsync(remote)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Liveness_AndReadiness_AnswerWithoutSignIn()
    {
        await using var app = new AppFactory();
        var client = ProductionKit.Client(app);

        var live = await client.GetAsync("/health/live");
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await live.Content.ReadAsStringAsync()).ShouldBe("Healthy");
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readiness_IsDegraded_NotUnhealthy_WhileACompanysErpIsUnreachable()
    {
        await using var app = new AppFactory();
        var client = ProductionKit.Client(app);
        app.Sandbox.TakeDown(DemoSeeder.DemoLedger);
        await app.AcceptNewSubJobAsync("DOWN");

        await app.Exporter.RunOnceAsync();

        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Degraded");
        (await (await client.GetAsync("/health/live")).Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task AnExportsLogLines_CarryItsSubJob_ErpRequest_AndCompany()
    {
        await using var app = new AppFactory();
        var ids = await app.SendNewSubJobsAsync(5, "LOG");
        app.Sandbox.TakeDown(DemoSeeder.DemoLedger);
        await app.AcceptAsync(ids);

        await app.Exporter.RunOnceAsync();

        var exporterLines = app.Logs.Entries.Where(e => e.Category == "ErpIntegrations.Web.Exports.Exporter" && e.Level >= LogLevel.Warning).ToList();
        exporterLines.ShouldNotBeEmpty();
        foreach (var line in exporterLines)
        {
            var subJobId = line.Scopes["SubJobId"].ShouldBeOfType<Guid>();
            ids.ShouldContain(subJobId);
            var request = (await app.RequestsAsync(subJobId)).ShouldHaveSingleItem();
            line.Scopes["ErpRequestId"].ShouldBe(request.Id);
            line.Scopes["CompanyId"].ShouldBe(request.CompanyId);
        }
    }

    [Fact]
    public async Task WithAnOtlpEndpoint_TheAppStarts_AndExportsAsBefore()
    {
        await using var app = new AppFactory(settings: new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" });
        var client = ProductionKit.Client(app);
        var id = await app.AcceptNewSubJobAsync("OTLP");

        await app.Exporter.RunOnceAsync();

        (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
