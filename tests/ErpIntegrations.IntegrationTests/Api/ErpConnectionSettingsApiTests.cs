using System.Net;
using ErpIntegrations.IntegrationTests.Features.ErpConnection;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Api;

/// <summary>The connection's settings through the API, with Tryton at an address where nothing listens.</summary>
public sealed class ErpConnectionSettingsApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task TheSettings_AreReturnedWithoutTheSecret_SayingWhichSecretsAreSet()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        var changed = await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "tryton", settings = company.TrytonSettings() });
        var changedText = await changed.Content.ReadAsStringAsync();
        var connection = await api.GetAsync("/api/v1/erp/connection");
        var connectionText = await connection.Content.ReadAsStringAsync();
        var settings = await api.GetAsync("/api/v1/erp/connection/settings");
        var settingsText = await settings.Content.ReadAsStringAsync();
        var tested = await api.PostJsonAsync("/api/v1/erp/connection/test", new { });
        var testedText = await tested.Content.ReadAsStringAsync();

        foreach (var text in new[] { changedText, connectionText, settingsText, testedText })
        {
            text.ShouldNotContain(company.Password());
        }

        await changed.JsonAsync(HttpStatusCode.OK);
        var shown = await connection.JsonAsync(HttpStatusCode.OK);
        shown.GetProperty("connector").GetString().ShouldBe("Tryton");
        shown.GetProperty("displayName").GetString().ShouldBe("Tryton");
        shown.GetProperty("canListSubJobs").GetBoolean().ShouldBeTrue();
        shown.GetProperty("settings").GetProperty("url").GetString().ShouldBe(TrytonConnectionKit.UnreachableUrl);
        shown.GetProperty("settings").GetProperty("database").GetString().ShouldBe(company.Database());
        shown.GetProperty("settings").TryGetProperty("password", out _).ShouldBeFalse();
        shown.GetProperty("secretsSet").Strings().ShouldBe(["password"]);

        var full = await settings.JsonAsync(HttpStatusCode.OK);
        full.GetProperty("connector").GetString().ShouldBe("Tryton");
        full.GetProperty("settings").EnumerateObject().Select(p => p.Name).ShouldBe(["url", "database", "username"]);
        full.GetProperty("secretsSet").Strings().ShouldBe(["password"]);
        full.GetProperty("jobs").GetArrayLength().ShouldBe(0);
        full.GetProperty("jobsProblem").GetString()!.ShouldStartWith($"Could not reach Tryton at {TrytonConnectionKit.UnreachableUrl}");
        var tryton = full.GetProperty("connectors").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Tryton");
        var fields = tryton.GetProperty("fields").EnumerateArray().ToList();
        fields.Select(f => f.GetProperty("name").GetString()).ShouldBe(["url", "database", "username", "password", "jobsRootCode"]);
        fields[0].GetProperty("kind").GetString().ShouldBe("url");
        fields[0].GetProperty("label").GetString().ShouldBe("Server URL");
        fields[3].GetProperty("kind").GetString().ShouldBe("secret");
        fields[4].GetProperty("isRequired").GetBoolean().ShouldBeFalse();

        var test = await tested.JsonAsync(HttpStatusCode.OK);
        test.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        test.GetProperty("message").GetString()!.ShouldStartWith($"Could not reach Tryton at {TrytonConnectionKit.UnreachableUrl}");
        test.GetProperty("jobCount").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task TestConnection_WithSettingsGiven_TriesThem_AndSavesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        var unreachable = await (await api.PostJsonAsync("/api/v1/erp/connection/test", new { connector = "Tryton", settings = company.TrytonSettings() })).JsonAsync(HttpStatusCode.OK);
        unreachable.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        unreachable.GetProperty("message").GetString()!.ShouldStartWith($"Could not reach Tryton at {TrytonConnectionKit.UnreachableUrl}");

        var notHttp = await (await api.PostJsonAsync("/api/v1/erp/connection/test", new { connector = "Tryton", settings = company.TrytonSettings(url: "tryton.example.com") }))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings.url");
        notHttp.GetProperty("errors").GetProperty("settings.url")[0].GetString().ShouldBe("The Tryton URL \"tryton.example.com\" is not an http:// or https:// address.");
        await (await api.PostJsonAsync("/api/v1/erp/connection/test", new { connector = "Tryton", settings = new { url = TrytonConnectionKit.UnreachableUrl } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings.database", "settings.username", "settings.password");
        await (await api.PostJsonAsync("/api/v1/erp/connection/test", new { connector = "Sage300" })).ProblemAsync(HttpStatusCode.BadRequest, "connector");

        var stored = await (await api.PostJsonAsync("/api/v1/erp/connection/test", new { })).JsonAsync(HttpStatusCode.OK);
        stored.GetProperty("succeeded").GetBoolean().ShouldBeTrue();
        stored.GetProperty("message").GetString().ShouldBe($"Connected to the Sandbox ERP ledger {company.Ledger}: 0 jobs.");
        stored.GetProperty("jobCount").GetInt32().ShouldBe(0);

        var saved = await App.CompanyAsync(company.Name);
        (saved.ErpConnector, saved.ErpConnection, saved.ErpSecrets).ShouldBe(("Sandbox", company.Ledger, ""));
    }

    [Fact]
    public async Task TestConnection_FallsBackToTheStoredPassword_WhenNoneIsGiven()
    {
        var company = await shared.NewCompanyAsync();
        await company.ConnectToUnreachableTrytonAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var withoutPassword = company.TrytonSettings();
        withoutPassword.Remove("password");

        var tested = await (await api.PostJsonAsync("/api/v1/erp/connection/test", new { settings = withoutPassword })).JsonAsync(HttpStatusCode.OK);

        tested.GetProperty("message").GetString()!.ShouldStartWith($"Could not reach Tryton at {TrytonConnectionKit.UnreachableUrl}");
    }

    [Fact]
    public async Task AnotherCompany_CannotSeeOrTestOnesSettings()
    {
        var company = await shared.NewCompanyAsync();
        await company.ConnectToUnreachableTrytonAsync();
        var other = await shared.NewCompanyAsync();
        var otherAdmin = await ApiClient.ForAsync(App, other.Admin.Email);

        var seen = await otherAdmin.GetAsync("/api/v1/erp/connection/settings");
        var seenText = await seen.Content.ReadAsStringAsync();
        seenText.ShouldNotContain(company.Database());
        seenText.ShouldNotContain(company.Password());
        (await seen.JsonAsync(HttpStatusCode.OK)).GetProperty("connector").GetString().ShouldBe("Sandbox");
        (await (await otherAdmin.GetAsync("/api/v1/erp/connection")).Content.ReadAsStringAsync()).ShouldNotContain(company.Database());

        // The same Tryton books, without the password: the other company's stored password is not tried for them.
        var withoutPassword = company.TrytonSettings();
        withoutPassword.Remove("password");
        await (await otherAdmin.PostJsonAsync("/api/v1/erp/connection/test", new { connector = "Tryton", settings = withoutPassword }))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings.password");
        var sameBooks = await (await otherAdmin.PostJsonAsync("/api/v1/erp/connection/test", new { connector = "Tryton", settings = company.TrytonSettings() }))
            .ProblemAsync(HttpStatusCode.BadRequest, "settings");
        sameBooks.GetProperty("detail").GetString()!.ShouldStartWith("Another company uses this connection setting.");
        var otherLedger = await (await ApiClient.ForAsync(App, company.Admin.Email)).PostJsonAsync("/api/v1/erp/connection/test", new { connector = "Sandbox", settings = new { ledger = other.Ledger } });
        await otherLedger.ProblemAsync(HttpStatusCode.BadRequest, "settings");
    }

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("approver")]
    [InlineData("standard")]
    [InlineData("readonly")]
    public async Task OnlyAnErpIntegrationsAdmin_SeesTheSettings_OrTestsThem(string who)
    {
        var company = await shared.NewCompanyAsync();
        await company.ConnectToUnreachableTrytonAsync();
        var api = await ApiClient.ForAsync(App, await company.EmailAsync(who));

        await api.ShouldAllAnswerAsync(HttpStatusCode.Forbidden, [
            new(HttpMethod.Post, "/api/v1/erp/connection/test", new { }),
            new(HttpMethod.Post, "/api/v1/erp/connection/test", new { connector = "Tryton", settings = company.TrytonSettings() }),
        ]);
        var connection = await api.GetAsync("/api/v1/erp/connection");
        var text = await connection.Content.ReadAsStringAsync();
        text.ShouldNotContain(company.Database());
        var shown = await connection.JsonAsync(HttpStatusCode.OK);
        shown.GetProperty("connector").GetString().ShouldBe("Tryton");
        shown.TryGetProperty("settings", out _).ShouldBeFalse();
        shown.TryGetProperty("secretsSet", out _).ShouldBeFalse();
    }
}
