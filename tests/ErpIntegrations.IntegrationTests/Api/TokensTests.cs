using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class TokensTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task CreateToken_ReturnsItOnce_AndStoresOnlyItsHash()
    {
        var company = await shared.NewCompanyAsync();
        var api = ApiClient.Anonymous(App);

        var issued = await (await api.PostJsonAsync("/api/v1/tokens", new { email = company.Approver.Email, password = "Demo123!", name = "Month-end script" }))
            .JsonAsync(HttpStatusCode.Created);

        var token = issued.GetProperty("token").GetString()!;
        token.Length.ShouldBeGreaterThanOrEqualTo(40);
        issued.GetProperty("name").GetString().ShouldBe("Month-end script");
        var stored = (await TokensAsync(company)).ShouldHaveSingleItem();
        stored.Id.ShouldBe(issued.GetProperty("id").GetGuid());
        stored.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        stored.Hash.ShouldNotContain(token);
        stored.Prefix.ShouldBe(token[..12]);
        stored.Name.ShouldBe("Month-end script");
        stored.UserId.ShouldBe((await App.UserAsync(company.Approver.Email)).Id);
        stored.RevokedAt.ShouldBeNull();
        stored.ExpiresAt.ShouldBe(stored.CreatedAt.AddDays(90));

        api.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await (await api.GetAsync("/api/v1/erp/connection")).JsonAsync(HttpStatusCode.OK);
        (await TokensAsync(company)).Single().LastUsedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task CreateToken_WithAWrongPassword_Answers401_AndCountsTowardLockout()
    {
        var company = await shared.NewCompanyAsync();
        var api = ApiClient.Anonymous(App);

        var problem = await (await api.PostJsonAsync("/api/v1/tokens", new { email = company.Approver.Email, password = "wrong-password" }))
            .ProblemAsync(HttpStatusCode.Unauthorized);

        problem.GetProperty("detail").GetString().ShouldBe("The email or password is not correct, or the account is locked for 15 minutes after too many failed sign-ins.");
        (await App.UserAsync(company.Approver.Email)).AccessFailedCount.ShouldBe(1);
        await (await api.PostJsonAsync("/api/v1/tokens", new { email = $"nobody@{company.Domain}", password = "Demo123!" })).ProblemAsync(HttpStatusCode.Unauthorized);
        (await TokensAsync(company)).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateToken_AfterFiveWrongPasswords_TheAccountIsLocked_EvenWithTheRightOne()
    {
        var company = await shared.NewCompanyAsync();
        var api = ApiClient.Anonymous(App);
        for (var i = 0; i < 5; i++)
        {
            await (await api.PostJsonAsync("/api/v1/tokens", new { email = company.Approver.Email, password = "wrong-password" })).ProblemAsync(HttpStatusCode.Unauthorized);
        }

        var problem = await (await api.PostJsonAsync("/api/v1/tokens", new { email = company.Approver.Email, password = "Demo123!" }))
            .ProblemAsync(HttpStatusCode.Unauthorized);

        problem.GetProperty("detail").GetString()!.ShouldContain("locked");
        (await App.UserAsync(company.Approver.Email)).LockoutEnd.ShouldNotBeNull();
        (await TokensAsync(company)).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateToken_IsRateLimited_With429ProblemDetails()
    {
        // The limit counts every token request from loopback, whoever asks: an app of its own.
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
        var company = await shared.NewCompanyAsync();
        var api = ApiClient.Anonymous(App);

        await (await api.PostJsonAsync("/api/v1/tokens", new { })).ProblemAsync(HttpStatusCode.BadRequest, "email", "password");
        await (await api.PostJsonAsync("/api/v1/tokens", new { email = new string('a', 300), password = "x", name = new string('n', 101) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "email");
        await (await api.PostJsonAsync("/api/v1/tokens", new { email = company.Approver.Email, password = "Demo123!", name = new string('n', 101) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await api.PostRawAsync("/api/v1/tokens", "{\"email\": ")).ProblemAsync(HttpStatusCode.BadRequest, "email");
        await (await api.PostRawAsync("/api/v1/tokens", "email=a&password=b")).ProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await api.PostRawAsync("/api/v1/tokens", "{\"email\": 42, \"password\": \"x\"}")).ProblemAsync(HttpStatusCode.BadRequest, "email");
        (await TokensAsync(company)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeactivatingAUser_RevokesTheirTokens_WhichStayRevokedAfterReactivation()
    {
        var company = await shared.NewCompanyAsync();
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        var user = await App.UserAsync(company.Approver.Email);

        await (await admin.PostJsonAsync($"/api/v1/directory/users/{user.Id}/deactivate")).JsonAsync(HttpStatusCode.OK);

        (await TokensAsync(company)).Where(t => t.UserId == user.Id).ShouldAllBe(t => t.RevokedAt != null);
        var refused = await (await ApiClient.Anonymous(App).PostJsonAsync("/api/v1/tokens", new { email = company.Approver.Email, password = "Demo123!" })).ProblemAsync(HttpStatusCode.Unauthorized);
        refused.GetProperty("detail").GetString().ShouldBe("Your account has been deactivated. Ask your company's Directory Admin if you need access again.");
        var wrong = await (await ApiClient.Anonymous(App).PostJsonAsync("/api/v1/tokens", new { email = company.Approver.Email, password = "wrong" })).ProblemAsync(HttpStatusCode.Unauthorized);
        wrong.GetProperty("detail").GetString().ShouldBe("The email or password is not correct, or the account is locked for 15 minutes after too many failed sign-ins.");

        await (await admin.PostJsonAsync($"/api/v1/directory/users/{user.Id}/reactivate")).JsonAsync(HttpStatusCode.OK);

        await (await approver.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ABearerSignInCachedForSeconds_IsEvictedAtOnce_WhenTheUsersAccessChanges()
    {
        var company = await shared.NewCompanyAsync();
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        var user = await App.UserAsync(company.Approver.Email);
        await (await approver.GetAsync("/api/v1/erp/sub-jobs")).JsonAsync(HttpStatusCode.OK);
        await (await approver.GetAsync("/api/v1/erp/sub-jobs")).JsonAsync(HttpStatusCode.OK);

        await (await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{user.Id}/access", new { erpIntegrationsLevel = "none", isDirectoryAdmin = false }))
            .JsonAsync(HttpStatusCode.OK);

        await (await approver.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ABearerSignInCachedForSeconds_IsEvictedAtOnce_WhenTheUserIsDeactivated()
    {
        var company = await shared.NewCompanyAsync();
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        var user = await App.UserAsync(company.Approver.Email);
        await (await approver.GetAsync("/api/v1/erp/connection")).JsonAsync(HttpStatusCode.OK);

        await (await admin.PostJsonAsync($"/api/v1/directory/users/{user.Id}/deactivate")).JsonAsync(HttpStatusCode.OK);

        await (await approver.GetAsync("/api/v1/erp/connection")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ABearerSignInCachedForSeconds_IsEvictedAtOnce_WhenTheUserChangesTheirPassword()
    {
        var company = await shared.NewCompanyAsync();
        var approver = await ApiClient.ForAsync(App, company.Approver.Email);
        await (await approver.GetAsync("/api/v1/erp/connection")).JsonAsync(HttpStatusCode.OK);
        var user = await App.UserAsync(company.Approver.Email);

        await using (var scope = App.ScopeFor(company.Id, out _))
        {
            var change = scope.ServiceProvider.GetRequiredService<ErpIntegrations.Web.Features.Account.ChangePassword.Handler>();
            await change.HandleAsync(new(user.Id, "Demo123!", "Avery-Changed-2026!", "Avery-Changed-2026!"), CancellationToken.None);
        }

        await (await approver.GetAsync("/api/v1/erp/connection")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokedToken_Answers401()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var id = (await api.GetJsonAsync("/api/v1/tokens"))[0].GetProperty("id").GetGuid();

        (await api.Client.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await TokensAsync(company)).Single().RevokedAt.ShouldNotBeNull();
        var problem = await (await api.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("revoked");
    }

    [Fact]
    public async Task UnknownOrMissingToken_Answers401ProblemDetails()
    {
        var company = await shared.NewCompanyAsync();
        var api = ApiClient.Anonymous(App);

        var missing = await api.GetAsync("/api/v1/erp/sub-jobs");
        await missing.ProblemAsync(HttpStatusCode.Unauthorized);
        missing.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");

        api.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "erp_not-a-real-token");
        await (await api.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ExpiredToken_Answers401()
    {
        // Moves the clock: an app of its own.
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "approver@demo.test");

        app.Time.Advance(TimeSpan.FromDays(91));

        await (await api.GetAsync("/api/v1/erp/connection")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ASignedInBrowser_CannotUseTheApiWithItsCookie()
    {
        var company = await shared.NewCompanyAsync();
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(await company.ProjectAsync(), code: "BLDGA");

        var response = await browser.Client.PostAsync($"/api/v1/erp/sub-jobs/{id}/accept", new StringContent("{}", Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        (await App.SubJobAsync(id)).State.ShouldBe(ErpIntegrations.Web.Domain.SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task ABearerToken_DoesNotSignInToThePages()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Approver.Email);

        var page = await api.GetAsync("/erp-integrations/sub-jobs");

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/signin");
    }

    [Fact]
    public async Task ProfilePage_CreatesListsAndRevokesTokens()
    {
        var company = await shared.NewCompanyAsync();
        var browser = await Browser.SignInAsync(App, company.Standard.Email);
        await ApiClient.ForAsync(App, company.Approver.Email);

        var created = await browser.PostFormAsync("/profile/tokens?handler=Create", new Dictionary<string, string> { ["Name"] = "Reporting", ["Password"] = TestUser.Password }, "/profile/tokens");

        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var issued = Html.Parse(await created.Content.ReadAsStringAsync());
        issued.One(".alert.success p").Text().ShouldBe("Token Reporting was created. Copy it now: it is shown only this once.");
        var mine = (await TokensAsync(company)).Where(t => t.Name == "Reporting").ShouldHaveSingleItem();
        var shown = issued.One("input#issued-token").GetAttribute("value")!;
        shown.ShouldStartWith(mine.Prefix);
        mine.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shown))));
        var row = Html.Parse(await browser.GetPageAsync("/profile/tokens")).One($"tr[data-token=\"{mine.Id}\"]");
        row.QuerySelectorAll("td")[0].Text().ShouldBe("Reporting");
        row.One("code").Text().ShouldBe($"{mine.Prefix}…");
        row.Button("Revoke Reporting", shows: "Revoke");

        var revoked = await browser.PostFormAsync("/profile/tokens?handler=Revoke", new Dictionary<string, string> { ["tokenId"] = mine.Id.ToString() }, "/profile/tokens");

        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await TokensAsync(company)).Single(t => t.Id == mine.Id).RevokedAt.ShouldNotBeNull();
        var revokedRow = Html.Parse(await browser.GetPageAsync("/profile/tokens")).One($"tr[data-token=\"{mine.Id}\"]");
        revokedRow.QuerySelectorAll("td")[5].Text().ShouldStartWith("Revoked");
        revokedRow.ShouldNotHave("button");
    }

    [Fact]
    public async Task ProfilePage_AsksForThePasswordAgain_BeforeCreatingAToken_AndCountsAWrongOne()
    {
        var company = await shared.NewCompanyAsync();
        var browser = await Browser.SignInAsync(App, company.Standard.Email);
        var form = Html.Parse(await browser.GetPageAsync("/profile/tokens"));
        form.One("label[for=token-password]").Text().ShouldBe("Your password");
        form.One("input#token-password").GetAttribute("type").ShouldBe("password");

        var without = await browser.PostFormAsync("/profile/tokens?handler=Create", new Dictionary<string, string> { ["Name"] = "Reporting" }, "/profile/tokens");
        var wrong = await browser.PostFormAsync("/profile/tokens?handler=Create", new Dictionary<string, string> { ["Name"] = "Reporting", ["Password"] = "Wrong123!" }, "/profile/tokens");

        without.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await without.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe("Enter your password to create a token.");
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = Html.Parse(await wrong.Content.ReadAsStringAsync());
        page.ErrorMessage().ShouldBe("The password is not correct.");
        page.ShouldNotHave("input#issued-token");
        (await TokensAsync(company)).ShouldBeEmpty();
        (await App.UserAsync(company.Standard.Email)).AccessFailedCount.ShouldBe(1);
    }

    [Fact]
    public async Task SettingAPasswordFromALink_RevokesThePersonsTokens_AndEndsTheirOtherSessionsWithinAMinute()
    {
        var company = await shared.NewCompanyAsync();
        var approver = await App.UserAsync(company.Approver.Email);
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var session = await Browser.SignInAsync(App, company.Approver.Email);
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        await (await admin.PostJsonAsync($"/api/v1/directory/users/{approver.Id}/set-password-link")).JsonAsync(HttpStatusCode.Accepted);
        var link = await App.WithDbAsync(Guid.Empty, async db => System.Text.RegularExpressions.Regex.Match(
            (await db.OutboxEmails.IgnoreQueryFilters().SingleAsync(e => e.ToAddress == company.Approver.Email)).TextBody,
            "https?://[^/]+(/set-password\\?\\S+)").Groups[1].Value);

        var set = await Browser.Anonymous(App).PostFormAsync(link, new Dictionary<string, string> { ["Password"] = "Avery-New-2026!", ["ConfirmPassword"] = "Avery-New-2026!" });

        set.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await TokensAsync(company)).Where(t => t.UserId == approver.Id).ShouldAllBe(t => t.RevokedAt != null);
        await (await api.GetAsync("/api/v1/erp/connection")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await admin.GetAsync("/api/v1/erp/connection")).JsonAsync(HttpStatusCode.OK);

        App.Time.Advance(TimeSpan.FromMinutes(1.5));

        var ended = await session.Client.GetAsync("/");
        ended.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the old password's session is checked against the new stamp within a minute");
        ended.Headers.Location!.ToString().ShouldContain("/signin");
        await Browser.SignInAsync(App, company.Approver.Email, "Avery-New-2026!");
    }

    [Fact]
    public async Task ProfilePage_CannotRevokeSomeoneElsesToken()
    {
        var company = await shared.NewCompanyAsync();
        await ApiClient.ForAsync(App, company.Approver.Email);
        var theirs = (await TokensAsync(company)).Single();
        var browser = await Browser.SignInAsync(App, company.Standard.Email);

        var response = await browser.PostFormAsync("/profile/tokens?handler=Revoke", new Dictionary<string, string> { ["tokenId"] = theirs.Id.ToString() }, "/profile/tokens");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await TokensAsync(company)).Single().RevokedAt.ShouldBeNull();
    }

    private Task<List<ErpIntegrations.Web.Domain.ApiToken>> TokensAsync(TestCompany company) =>
        App.WithDbAsync(Guid.Empty, db => db.ApiTokens.IgnoreQueryFilters().AsNoTracking().Where(t => t.CompanyId == company.Id).ToListAsync());
}
