using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class TokensTests
{
    [Fact]
    public async Task CreateToken_ReturnsItOnce_AndStoresOnlyItsHash()
    {
        await using var app = new AppFactory();
        var api = ApiClient.Anonymous(app);

        var issued = await (await api.PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "Demo123!", name = "Month-end script" }))
            .JsonAsync(HttpStatusCode.Created);

        var token = issued.GetProperty("token").GetString()!;
        token.Length.ShouldBeGreaterThanOrEqualTo(40);
        issued.GetProperty("name").GetString().ShouldBe("Month-end script");
        var stored = (await app.TokensAsync()).ShouldHaveSingleItem();
        stored.Id.ShouldBe(issued.GetProperty("id").GetGuid());
        stored.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        stored.Hash.ShouldNotContain(token);
        stored.Prefix.ShouldBe(token[..12]);
        stored.Name.ShouldBe("Month-end script");
        stored.UserId.ShouldBe((await app.UserAsync("approver@demo.test")).Id);
        stored.RevokedAt.ShouldBeNull();
        stored.ExpiresAt.ShouldBe(stored.CreatedAt.AddDays(90));

        api.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await (await api.GetAsync("/api/v1/erp/connection")).JsonAsync(HttpStatusCode.OK);
        (await app.TokensAsync()).Single().LastUsedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task CreateToken_WithAWrongPassword_Answers401_AndCountsTowardLockout()
    {
        await using var app = new AppFactory();
        var api = ApiClient.Anonymous(app);

        var problem = await (await api.PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "wrong-password" }))
            .ProblemAsync(HttpStatusCode.Unauthorized);

        problem.GetProperty("detail").GetString().ShouldBe("The email or password is not correct.");
        (await app.UserAsync("approver@demo.test")).AccessFailedCount.ShouldBe(1);
        await (await api.PostJsonAsync("/api/v1/tokens", new { email = "nobody@demo.test", password = "Demo123!" })).ProblemAsync(HttpStatusCode.Unauthorized);
        (await app.TokensAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateToken_AfterFiveWrongPasswords_TheAccountIsLocked_EvenWithTheRightOne()
    {
        await using var app = new AppFactory(settings: new Dictionary<string, string> { ["Api:Tokens:PermitLimit"] = "100" });
        var api = ApiClient.Anonymous(app);
        for (var i = 0; i < 5; i++)
        {
            await (await api.PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "wrong-password" })).ProblemAsync(HttpStatusCode.Unauthorized);
        }

        var problem = await (await api.PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "Demo123!" }))
            .ProblemAsync(HttpStatusCode.Unauthorized);

        problem.GetProperty("detail").GetString()!.ShouldContain("locked");
        (await app.UserAsync("approver@demo.test")).LockoutEnd.ShouldNotBeNull();
        (await app.TokensAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateToken_IsRateLimited_With429ProblemDetails()
    {
        await using var app = new AppFactory(settings: new Dictionary<string, string> { ["Api:Tokens:PermitLimit"] = "2", ["Api:Tokens:WindowSeconds"] = "3600" });
        var api = ApiClient.Anonymous(app);
        await (await api.PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "Demo123!" })).JsonAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "wrong-password" })).ProblemAsync(HttpStatusCode.Unauthorized);

        var limited = await api.PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "Demo123!" });

        var problem = await limited.ProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("type").GetString().ShouldBe("https://tools.ietf.org/html/rfc6585#section-4");
        limited.Headers.RetryAfter.ShouldNotBeNull();
        (await app.TokensAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task CreateToken_WithMissingOrOverlongFields_Answers400WithTheFields()
    {
        await using var app = new AppFactory();
        var api = ApiClient.Anonymous(app);

        await (await api.PostJsonAsync("/api/v1/tokens", new { })).ProblemAsync(HttpStatusCode.BadRequest, "email", "password");
        await (await api.PostJsonAsync("/api/v1/tokens", new { email = new string('a', 300), password = "x", name = new string('n', 101) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "email");
        await (await api.PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "Demo123!", name = new string('n', 101) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await api.PostRawAsync("/api/v1/tokens", "{\"email\": ")).ProblemAsync(HttpStatusCode.BadRequest, "email");
        await (await api.PostRawAsync("/api/v1/tokens", "email=a&password=b")).ProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await api.PostRawAsync("/api/v1/tokens", "{\"email\": 42, \"password\": \"x\"}")).ProblemAsync(HttpStatusCode.BadRequest, "email");
        (await app.TokensAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeactivatingAUser_RevokesTheirTokens_WhichStayRevokedAfterReactivation()
    {
        await using var app = new AppFactory();
        var approver = await ApiClient.ForAsync(app, "approver@demo.test");
        var admin = await ApiClient.ForAsync(app, "admin@demo.test");
        var user = await app.UserAsync("approver@demo.test");

        await (await admin.PostJsonAsync($"/api/v1/directory/users/{user.Id}/deactivate")).JsonAsync(HttpStatusCode.OK);

        (await app.TokensAsync()).Where(t => t.UserId == user.Id).ShouldAllBe(t => t.RevokedAt != null);
        var refused = await (await ApiClient.Anonymous(app).PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "Demo123!" })).ProblemAsync(HttpStatusCode.Unauthorized);
        refused.GetProperty("detail").GetString().ShouldBe("Your account has been deactivated. Ask your company's Directory Admin if you need access again.");
        var wrong = await (await ApiClient.Anonymous(app).PostJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = "wrong" })).ProblemAsync(HttpStatusCode.Unauthorized);
        wrong.GetProperty("detail").GetString().ShouldBe("The email or password is not correct.");

        await (await admin.PostJsonAsync($"/api/v1/directory/users/{user.Id}/reactivate")).JsonAsync(HttpStatusCode.OK);

        await (await approver.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokedToken_Answers401()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "approver@demo.test");
        var id = (await api.GetJsonAsync("/api/v1/tokens"))[0].GetProperty("id").GetGuid();

        (await api.Client.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await app.TokensAsync()).Single().RevokedAt.ShouldNotBeNull();
        var problem = await (await api.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("revoked");
    }

    [Fact]
    public async Task UnknownOrMissingToken_Answers401ProblemDetails()
    {
        await using var app = new AppFactory();
        var api = ApiClient.Anonymous(app);

        var missing = await api.GetAsync("/api/v1/erp/sub-jobs");
        await missing.ProblemAsync(HttpStatusCode.Unauthorized);
        missing.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");

        api.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "erp_not-a-real-token");
        await (await api.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ExpiredToken_Answers401()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "approver@demo.test");

        app.Time.Advance(TimeSpan.FromDays(91));

        await (await api.GetAsync("/api/v1/erp/connection")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ASignedInBrowser_CannotUseTheApiWithItsCookie()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.SubJobIdAsync("BLDGA");

        var response = await browser.Client.PostAsync($"/api/v1/erp/sub-jobs/{id}/accept", new StringContent("{}", Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        (await app.SubJobAsync(id)).State.ShouldBe(ErpIntegrations.Web.Domain.SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task ABearerToken_DoesNotSignInToThePages()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "approver@demo.test");

        var page = await api.GetAsync("/erp-integrations/sub-jobs");

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/signin");
    }

    [Fact]
    public async Task ProfilePage_CreatesListsAndRevokesTokens()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "standard@demo.test");
        await ApiClient.ForAsync(app, "approver@demo.test");

        var created = await browser.PostFormAsync("/profile/tokens?handler=Create", new Dictionary<string, string> { ["Name"] = "Reporting" }, "/profile/tokens");

        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await created.Content.ReadAsStringAsync();
        html.ShouldContain("Copy it now: it is shown only this once.");
        var mine = (await app.TokensAsync()).Where(t => t.Name == "Reporting").ShouldHaveSingleItem();
        html.ShouldContain($"value=\"{mine.Prefix}");
        var list = await browser.GetPageAsync("/profile/tokens");
        list.ShouldContain("Reporting");
        list.ShouldContain($"{mine.Prefix}…");

        var revoked = await browser.PostFormAsync("/profile/tokens?handler=Revoke", new Dictionary<string, string> { ["tokenId"] = mine.Id.ToString() }, "/profile/tokens");

        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.TokensAsync()).Single(t => t.Id == mine.Id).RevokedAt.ShouldNotBeNull();
        (await browser.GetPageAsync("/profile/tokens")).ShouldContain("Revoked");
    }

    [Fact]
    public async Task ProfilePage_CannotRevokeSomeoneElsesToken()
    {
        await using var app = new AppFactory();
        await ApiClient.ForAsync(app, "approver@demo.test");
        var theirs = (await app.TokensAsync()).Single();
        var browser = await Browser.SignInAsync(app, "standard@demo.test");

        var response = await browser.PostFormAsync("/profile/tokens?handler=Revoke", new Dictionary<string, string> { ["tokenId"] = theirs.Id.ToString() }, "/profile/tokens");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.TokensAsync()).Single().RevokedAt.ShouldBeNull();
    }
}
