using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using static ErpIntegrations.IntegrationTests.Api.AdminApiKit;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class DirectoryAdminApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Theory]
    [InlineData("admin")]
    [InlineData("directory-admin")]
    public async Task ADirectoryAdmin_AddsAUserWithAPassword_WhoCanThenGetAToken(string who)
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, await company.EmailAsync(who));

        var response = await api.PostJsonAsync("/api/v1/directory/users", new
        {
            name = " Dana Doe ",
            email = $"dana@{company.Domain}",
            erpIntegrationsLevel = "read_only",
            isDirectoryAdmin = false,
            password = "Dana-Secret-1",
        });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        var dana = await App.UserAsync($"dana@{company.Domain}");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/directory/users/{dana.Id}");
        body.GetProperty("name").GetString().ShouldBe("Dana Doe");
        body.GetProperty("erpIntegrationsLevel").GetString().ShouldBe("read_only");
        body.GetProperty("hasPassword").GetBoolean().ShouldBeTrue();
        dana.CompanyId.ShouldBe(company.Id);
        dana.ErpIntegrationsLevel.ShouldBe(PermissionLevel.ReadOnly);
        dana.IsDirectoryAdmin.ShouldBeFalse();
        dana.CanPushToAccounting.ShouldBeFalse();
        dana.IsActive.ShouldBeTrue();

        dana.MustChangePassword.ShouldBeTrue("the password is the admin's, handed over");
        var refused = await (await ApiClient.Anonymous(App).PostJsonAsync("/api/v1/tokens", new { email = $"dana@{company.Domain}", password = "Dana-Secret-1" }))
            .ProblemAsync(HttpStatusCode.Unauthorized);
        refused.GetProperty("detail").GetString()!.ShouldStartWith("Choose your own password first");
        var browser = await Browser.SignInAsync(App, $"dana@{company.Domain}", "Dana-Secret-1");
        (await browser.PostFormAsync("/set-password", new Dictionary<string, string> { ["CurrentPassword"] = "Dana-Secret-1", ["Password"] = "Dana-Own-2026!", ["ConfirmPassword"] = "Dana-Own-2026!" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var danas = await ApiClient.ForAsync(App, $"dana@{company.Domain}", "Dana-Own-2026!");
        await danas.GetJsonAsync("/api/v1/erp/sub-jobs");
    }

    [Fact]
    public async Task AddUser_WithASetPasswordLink_EmailsTheLink()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        var body = await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "Lee Link", email = $"lee@{company.Domain}", sendSetPasswordLink = true }))
            .JsonAsync(HttpStatusCode.Created);

        body.GetProperty("hasPassword").GetBoolean().ShouldBeFalse();
        body.GetProperty("erpIntegrationsLevel").GetString().ShouldBe("none");
        (await App.UserAsync($"lee@{company.Domain}")).PasswordHash.ShouldBeNull();
        (await App.OutboxRecipientsAsync(company)).ShouldContain($"lee@{company.Domain}");
    }

    [Fact]
    public async Task AddUser_WithBadInput_Answers400_AndAddsNoOne()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var before = (await App.UsersOfAsync(company)).Count;

        await (await api.PostJsonAsync("/api/v1/directory/users", new { })).ProblemAsync(HttpStatusCode.BadRequest, "name", "email", "password");
        await (await api.PostRawAsync("/api/v1/directory/users", "null")).ProblemAsync(HttpStatusCode.BadRequest, "name", "email", "password");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = new string('n', User.MaxDisplayNameLength + 1), email = "not-an-email", password = "Long-enough-1" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "name", "email");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = $"x@{company.Domain}", password = "Long-enough-1", erpIntegrationsLevel = "superuser" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "erpIntegrationsLevel");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = $"x@{company.Domain}", password = "Long-enough-1", erpIntegrationsLevel = 7 }))
            .ProblemAsync(HttpStatusCode.BadRequest, "erpIntegrationsLevel");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = $"x@{company.Domain}", password = "Long-enough-1", sendSetPasswordLink = true }))
            .ProblemAsync(HttpStatusCode.BadRequest, "password");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = $"x@{company.Domain}", password = "short" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "password");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = company.Standard.Email, password = "Long-enough-1" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "email");
        await (await api.PostRawAsync("/api/v1/directory/users", "{\"name\": 5}")).ProblemAsync(HttpStatusCode.BadRequest, "name");

        (await App.UsersOfAsync(company)).Count.ShouldBe(before);
    }

    [Fact]
    public async Task ADirectoryAdmin_SeesAUser_ChangesTheirAccess_AndTheirProjectLevels()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        foreach (var number in new[] { "1001", "1002", "1003" })
        {
            await company.ProjectAsync(number);
        }

        var lakeside = (await company.ProjectAsync("1004", linked: false)).Id;
        var sam = await App.UserAsync(company.Standard.Email);

        var details = await api.GetJsonAsync($"/api/v1/directory/users/{sam.Id}");
        details.GetProperty("email").GetString().ShouldBe(company.Standard.Email);
        details.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        details.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("number").GetString()).ShouldBe(["1001", "1002", "1003", "1004"]);

        var changed = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/access", new { erpIntegrationsLevel = "admin", isDirectoryAdmin = true }))
            .JsonAsync(HttpStatusCode.OK);
        changed.GetProperty("erpIntegrationsLevel").GetString().ShouldBe("admin");
        var after = await App.UserAsync(company.Standard.Email);
        after.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Admin);
        after.IsDirectoryAdmin.ShouldBeTrue();

        var level = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/projects/{lakeside}", new { level = "standard" }))
            .JsonAsync(HttpStatusCode.OK);
        level.GetProperty("level").GetString().ShouldBe("standard");
        (await App.ProjectLevelAsync(sam.Id, lakeside)).ShouldBe(PermissionLevel.Standard);

        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/projects/{lakeside}", new { level = "admin" })).JsonAsync(HttpStatusCode.OK);
        (await App.ProjectLevelAsync(sam.Id, lakeside)).ShouldBe(PermissionLevel.Admin);

        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/projects/{lakeside}", new { level = "none" })).JsonAsync(HttpStatusCode.OK);
        (await App.ProjectLevelAsync(sam.Id, lakeside)).ShouldBeNull();
    }

    [Fact]
    public async Task ChangeAccess_AndProjectLevel_WithBadInput_Answer400_AndTheLastDirectoryAdminStays()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var admin = await App.UserAsync(company.Admin.Email);
        var sam = await App.UserAsync(company.Standard.Email);
        var lakeside = (await company.ProjectAsync("1004", linked: false)).Id;
        var access = $"/api/v1/directory/users/{sam.Id}/access";
        var projectLevel = $"/api/v1/directory/users/{sam.Id}/projects/{lakeside}";

        await (await api.SendJsonAsync(HttpMethod.Put, access, new { })).ProblemAsync(HttpStatusCode.BadRequest, "erpIntegrationsLevel", "isDirectoryAdmin");
        await (await api.SendJsonAsync(HttpMethod.Put, access, new { erpIntegrationsLevel = "owner", isDirectoryAdmin = true })).ProblemAsync(HttpStatusCode.BadRequest, "erpIntegrationsLevel");
        await (await api.SendJsonAsync(HttpMethod.Put, access, new { erpIntegrationsLevel = 9, isDirectoryAdmin = true })).ProblemAsync(HttpStatusCode.BadRequest, "erpIntegrationsLevel");
        await (await api.SendJsonAsync(HttpMethod.Put, access, new { erpIntegrationsLevel = "admin", isDirectoryAdmin = "yes" })).ProblemAsync(HttpStatusCode.BadRequest, "isDirectoryAdmin");
        await (await api.SendJsonAsync(HttpMethod.Put, projectLevel, new { })).ProblemAsync(HttpStatusCode.BadRequest, "level");
        await (await api.SendJsonAsync(HttpMethod.Put, projectLevel, new { level = "boss" })).ProblemAsync(HttpStatusCode.BadRequest, "level");
        await (await api.SendJsonAsync(HttpMethod.Put, projectLevel, new { level = 4 })).ProblemAsync(HttpStatusCode.BadRequest, "level");

        var last = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{admin.Id}/access", new { erpIntegrationsLevel = "admin", isDirectoryAdmin = false }))
            .ProblemAsync(HttpStatusCode.Conflict);
        last.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();

        (await App.UserAsync(company.Admin.Email)).IsDirectoryAdmin.ShouldBeTrue();
        (await App.UserAsync(company.Standard.Email)).ErpIntegrationsLevel.ShouldBe(PermissionLevel.Standard);
        (await App.ProjectLevelAsync(sam.Id, lakeside)).ShouldBeNull();
    }

    [Fact]
    public async Task AnotherCompanysUserOrProject_Answers404()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var theirs = await App.UserAsync(other.Admin.Email);
        var sam = await App.UserAsync(company.Standard.Email);
        var ourProject = (await company.ProjectAsync("1004", linked: false)).Id;
        var theirProject = (await other.ProjectAsync("2001")).Id;

        await api.ShouldAllAnswerAsync(HttpStatusCode.NotFound, [
            new(HttpMethod.Get, $"/api/v1/directory/users/{theirs.Id}"),
            new(HttpMethod.Put, $"/api/v1/directory/users/{theirs.Id}/access", new { erpIntegrationsLevel = "none", isDirectoryAdmin = false }),
            new(HttpMethod.Put, $"/api/v1/directory/users/{theirs.Id}/projects/{ourProject}", new { level = "admin" }),
            new(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/projects/{theirProject}", new { level = "admin" }),
            new(HttpMethod.Post, $"/api/v1/directory/users/{theirs.Id}/deactivate"),
            new(HttpMethod.Post, $"/api/v1/directory/users/{theirs.Id}/reactivate"),
            new(HttpMethod.Post, $"/api/v1/directory/users/{theirs.Id}/set-password-link"),
            new(HttpMethod.Get, $"/api/v1/directory/users/{Guid.NewGuid()}"),
        ]);

        var after = await App.UserAsync(other.Admin.Email);
        after.IsActive.ShouldBeTrue();
        after.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Admin);
        after.IsDirectoryAdmin.ShouldBeTrue();
        (await App.ProjectLevelAsync(sam.Id, theirProject)).ShouldBeNull();
        (await App.OutboxRecipientsAsync()).ShouldNotContain(other.Admin.Email);
    }

    [Theory]
    [InlineData("approver")]
    [InlineData("standard")]
    [InlineData("readonly")]
    [InlineData("pm")]
    [InlineData("erp-admin")]
    public async Task AnyoneButADirectoryAdmin_IsRefused403(string who)
    {
        var company = await shared.NewCompanyAsync();
        var email = await company.EmailAsync(who);
        var api = await ApiClient.ForAsync(App, email);
        var sam = await App.UserAsync(email == company.Standard.Email ? company.Approver.Email : company.Standard.Email);
        var lakeside = (await company.ProjectAsync("1004", linked: false)).Id;
        var users = await App.UsersOfAsync(company);

        await api.ShouldAllAnswerAsync(HttpStatusCode.Forbidden, [
            new(HttpMethod.Get, $"/api/v1/directory/users/{sam.Id}"),
            new(HttpMethod.Post, "/api/v1/directory/users", new { name = "Eve", email = $"eve@{company.Domain}", password = "Long-enough-1" }),
            new(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/access", new { erpIntegrationsLevel = "admin", isDirectoryAdmin = true }),
            new(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/projects/{lakeside}", new { level = "admin" }),
            new(HttpMethod.Post, $"/api/v1/directory/users/{sam.Id}/deactivate"),
            new(HttpMethod.Post, $"/api/v1/directory/users/{sam.Id}/reactivate"),
            new(HttpMethod.Post, $"/api/v1/directory/users/{sam.Id}/set-password-link"),
        ]);

        (await App.UsersOfAsync(company)).Select(u => (u.Email, u.ErpIntegrationsLevel, u.IsDirectoryAdmin, u.IsActive))
            .ShouldBe(users.Select(u => (u.Email, u.ErpIntegrationsLevel, u.IsDirectoryAdmin, u.IsActive)));
        (await App.ProjectLevelAsync(sam.Id, lakeside)).ShouldBeNull();
        (await App.OutboxRecipientsAsync(company)).ShouldNotContain(sam.Email);
    }

    [Fact]
    public async Task ADeactivatedUsersToken_Answers401_AndTheyGetNoNewOne_UntilReactivated()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var sams = await ApiClient.ForAsync(App, company.Standard.Email);
        var sam = await App.UserAsync(company.Standard.Email);
        await sams.GetJsonAsync("/api/v1/erp/sub-jobs");

        var deactivated = await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/deactivate")).JsonAsync(HttpStatusCode.OK);

        deactivated.GetProperty("isActive").GetBoolean().ShouldBeFalse();
        (await App.UserAsync(company.Standard.Email)).IsActive.ShouldBeFalse();
        foreach (var path in new[] { "/api/v1/erp/sub-jobs", "/api/v1/projects", "/api/v1/tokens" })
        {
            // Deactivation revoked the token in the same save.
            var refused = await (await sams.GetAsync(path)).ProblemAsync(HttpStatusCode.Unauthorized);
            refused.GetProperty("detail").GetString()!.ShouldContain("revoked");
        }

        var noNewToken = await (await ApiClient.Anonymous(App).PostJsonAsync("/api/v1/tokens", new { email = company.Standard.Email, password = "Demo123!", name = "again" }))
            .ProblemAsync(HttpStatusCode.Unauthorized);
        noNewToken.GetProperty("detail").GetString()!.ShouldContain("deactivated");
        await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/deactivate")).ProblemAsync(HttpStatusCode.Conflict);
        await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/set-password-link")).ProblemAsync(HttpStatusCode.Conflict);

        var reactivated = await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/reactivate")).JsonAsync(HttpStatusCode.OK);

        reactivated.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        (await App.UserAsync(company.Standard.Email)).IsActive.ShouldBeTrue();
        await (await ApiClient.ForAsync(App, company.Standard.Email)).GetJsonAsync("/api/v1/erp/sub-jobs");
        await (await sams.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/reactivate")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ADirectoryAdmin_CannotDeactivateThemselves_AndSendsASetPasswordLink()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var admin = await App.UserAsync(company.Admin.Email);
        var sam = await App.UserAsync(company.Standard.Email);

        await (await api.PostJsonAsync($"/api/v1/directory/users/{admin.Id}/deactivate")).ProblemAsync(HttpStatusCode.Conflict);
        (await App.UserAsync(company.Admin.Email)).IsActive.ShouldBeTrue();

        var sent = await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/set-password-link")).JsonAsync(HttpStatusCode.Accepted);

        sent.GetProperty("email").GetString().ShouldBe(company.Standard.Email);
        (await App.OutboxRecipientsAsync(company)).ShouldContain(company.Standard.Email);
    }
}
