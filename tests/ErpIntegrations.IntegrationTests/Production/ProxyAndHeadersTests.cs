using System.Net;
using System.Net.Http.Json;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Production;

public sealed class ProxyAndHeadersTests
{
    private static readonly Dictionary<string, string> BehindAProxy = new()
    {
        ["App:ForwardedHeaders:KnownNetworks"] = "10.0.0.0/8",
        ["https_port"] = "443",
        ["Api:Tokens:PermitLimit"] = "1",
    };

    [Fact]
    public async Task APage_CarriesTheSecurityHeaders_AndACspWithoutInlineScript()
    {
        await using var app = new AppFactory();
        var client = ProductionKit.Client(app, "https://erp.example/");

        var page = await client.GetAsync("/signin");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldContain("frame-ancestors 'none'");
        page.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        page.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin");
        page.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
    }

    [Fact]
    public async Task AnApiResponse_CarriesTheSecurityHeaders()
    {
        await using var app = new AppFactory();
        var client = ProductionKit.Client(app, "https://erp.example/");

        var refused = await client.GetAsync("/api/v1/projects");

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        refused.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        refused.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin");
    }

    [Fact]
    public async Task HttpsForwardedByAKnownProxy_MakesTheCookiesSecure_AndSendsHsts()
    {
        await using var app = new AppFactory(settings: BehindAProxy) { ConfigureServices = ProductionKit.ComeFromPeers };
        var client = ProductionKit.Client(app);

        var cookie = await ProductionKit.SignInAsync(client, "approver@demo.test", r =>
        {
            r.Headers.Add(ProductionKit.PeerHeader, "10.0.0.2");
            r.Headers.Add("X-Forwarded-Proto", "https");
            r.Headers.Add("X-Forwarded-For", "203.0.113.7");
        });
        cookie.ShouldContain("secure", Case.Insensitive);

        var page = new HttpRequestMessage(HttpMethod.Get, "/signin");
        page.Headers.Add(ProductionKit.PeerHeader, "10.0.0.2");
        page.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(page);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Single().ShouldStartWith("max-age=31536000");
        response.Headers.GetValues("Set-Cookie").ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ForwardedHeadersFromAnUnknownAddress_AreIgnored_AndPlainHttpIsRedirected()
    {
        await using var app = new AppFactory(settings: BehindAProxy) { ConfigureServices = ProductionKit.ComeFromPeers };
        var client = ProductionKit.Client(app);

        var page = new HttpRequestMessage(HttpMethod.Get, "/signin");
        page.Headers.Add(ProductionKit.PeerHeader, "192.0.2.50");
        page.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(page);

        response.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        response.Headers.Location.ShouldBe(new Uri("https://erp.example/signin"));
        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    [Fact]
    public async Task TheTokenRateLimit_CountsEachForwardedClientAddress()
    {
        await using var app = new AppFactory(settings: BehindAProxy) { ConfigureServices = ProductionKit.ComeFromPeers };
        var client = ProductionKit.Client(app);

        async Task<HttpStatusCode> AskAsync(string clientAddress)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens")
            {
                Content = JsonContent.Create(new { email = "approver@demo.test", password = "wrong-password", name = "t" }),
            };
            request.Headers.Add(ProductionKit.PeerHeader, "10.0.0.2");
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", clientAddress);
            return (await client.SendAsync(request)).StatusCode;
        }

        (await AskAsync("203.0.113.7")).ShouldNotBe(HttpStatusCode.TooManyRequests);
        (await AskAsync("203.0.113.8")).ShouldNotBe(HttpStatusCode.TooManyRequests, "another client behind the same proxy");
        (await AskAsync("203.0.113.7")).ShouldBe(HttpStatusCode.TooManyRequests);
    }
}
