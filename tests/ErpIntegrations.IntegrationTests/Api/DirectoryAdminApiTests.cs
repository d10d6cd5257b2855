using System.Net;
using ErpIntegrations.IntegrationTests.Features.Projects;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using static ErpIntegrations.IntegrationTests.Api.AdminApiKit;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class DirectoryAdminApiTests
{
    [Theory]
    [InlineData("admin@demo.test")]
    [InlineData("directory-admin")]
    public async Task ADirectoryAdmin_AddsAUserWithAPassword_WhoCanThenGetAToken(string who)
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, who.Contains('@', StringComparison.Ordinal) ? who : await app.MakeAsync(who));

        var response = await api.PostJsonAsync("/api/v1/directory/users", new
        {
            name = " Dana Doe ",
            email = "dana@demo.test",
            erpIntegrationsLevel = "read_only",
            isDirectoryAdmin = false,
            password = "Dana-Secret-1",
        });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        var dana = await app.UserAsync("dana@demo.test");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/directory/users/{dana.Id}");
        body.GetProperty("name").GetString().ShouldBe("Dana Doe");
        body.GetProperty("erpIntegrationsLevel").GetString().ShouldBe("read_only");
        body.GetProperty("hasPassword").GetBoolean().ShouldBeTrue();
        dana.CompanyId.ShouldBe((await app.CompanyAsync(DemoData.Demo)).Id);
        dana.ErpIntegrationsLevel.ShouldBe(PermissionLevel.ReadOnly);
        dana.IsDirectoryAdmin.ShouldBeFalse();
        dana.CanPushToAccounting.ShouldBeFalse();
        dana.IsActive.ShouldBeTrue();

        var danas = await ApiClient.ForAsync(app, "dana@demo.test", "Dana-Secret-1");
        await danas.GetJsonAsync("/api/v1/erp/sub-jobs");
    }

    [Fact]
    public async Task AddUser_WithASetPasswordLink_EmailsTheLink()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");

        var body = await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "Lee Link", email = "lee@demo.test", sendSetPasswordLink = true }))
            .JsonAsync(HttpStatusCode.Created);

        body.GetProperty("hasPassword").GetBoolean().ShouldBeFalse();
        body.GetProperty("erpIntegrationsLevel").GetString().ShouldBe("none");
        (await app.UserAsync("lee@demo.test")).PasswordHash.ShouldBeNull();
        (await app.OutboxRecipientsAsync()).ShouldContain("lee@demo.test");
    }

    [Fact]
    public async Task AddUser_WithBadInput_Answers400_AndAddsNoOne()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var before = (await app.AllUsersAsync()).Count;

        await (await api.PostJsonAsync("/api/v1/directory/users", new { })).ProblemAsync(HttpStatusCode.BadRequest, "name", "email", "password");
        await (await api.PostRawAsync("/api/v1/directory/users", "null")).ProblemAsync(HttpStatusCode.BadRequest, "name", "email", "password");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = new string('n', User.MaxDisplayNameLength + 1), email = "not-an-email", password = "Long-enough-1" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "name", "email");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = "x@demo.test", password = "Long-enough-1", erpIntegrationsLevel = "superuser" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "erpIntegrationsLevel");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = "x@demo.test", password = "Long-enough-1", erpIntegrationsLevel = 7 }))
            .ProblemAsync(HttpStatusCode.BadRequest, "erpIntegrationsLevel");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = "x@demo.test", password = "Long-enough-1", sendSetPasswordLink = true }))
            .ProblemAsync(HttpStatusCode.BadRequest, "password");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = "x@demo.test", password = "short" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "password");
        await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "X", email = "standard@demo.test", password = "Long-enough-1" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "email");
        await (await api.PostRawAsync("/api/v1/directory/users", "{\"name\": 5}")).ProblemAsync(HttpStatusCode.BadRequest, "name");

        (await app.AllUsersAsync()).Count.ShouldBe(before);
    }

    [Fact]
    public async Task ADirectoryAdmin_SeesAUser_ChangesTheirAccess_AndTheirProjectLevels()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var sam = await app.UserAsync("standard@demo.test");
        var lakeside = await app.ProjectIdAsync("1004");

        var details = await api.GetJsonAsync($"/api/v1/directory/users/{sam.Id}");
        details.GetProperty("email").GetString().ShouldBe("standard@demo.test");
        details.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        details.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("number").GetString()).ShouldBe(["1001", "1002", "1003", "1004"]);

        var changed = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/access", new { erpIntegrationsLevel = "admin", isDirectoryAdmin = true }))
            .JsonAsync(HttpStatusCode.OK);
        changed.GetProperty("erpIntegrationsLevel").GetString().ShouldBe("admin");
        var after = await app.UserAsync("standard@demo.test");
        after.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Admin);
        after.IsDirectoryAdmin.ShouldBeTrue();

        var level = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/projects/{lakeside}", new { level = "standard" }))
            .JsonAsync(HttpStatusCode.OK);
        level.GetProperty("level").GetString().ShouldBe("standard");
        (await app.ProjectLevelAsync(sam.Id, lakeside)).ShouldBe(PermissionLevel.Standard);

        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/projects/{lakeside}", new { level = "admin" })).JsonAsync(HttpStatusCode.OK);
        (await app.ProjectLevelAsync(sam.Id, lakeside)).ShouldBe(PermissionLevel.Admin);

        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/projects/{lakeside}", new { level = "none" })).JsonAsync(HttpStatusCode.OK);
        (await app.ProjectLevelAsync(sam.Id, lakeside)).ShouldBeNull();
    }

    [Fact]
    public async Task ChangeAccess_AndProjectLevel_WithBadInput_Answer400_AndTheLastDirectoryAdminStays()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var admin = await app.UserAsync("admin@demo.test");
        var sam = await app.UserAsync("standard@demo.test");
        var lakeside = await app.ProjectIdAsync("1004");
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

        (await app.UserAsync("admin@demo.test")).IsDirectoryAdmin.ShouldBeTrue();
        (await app.UserAsync("standard@demo.test")).ErpIntegrationsLevel.ShouldBe(PermissionLevel.Standard);
        (await app.ProjectLevelAsync(sam.Id, lakeside)).ShouldBeNull();
    }

    [Fact]
    public async Task AnotherCompanysUserOrProject_Answers404()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var theirs = await app.UserAsync("approver@other.test");
        var sam = await app.UserAsync("standard@demo.test");
        var ourProject = await app.ProjectIdAsync("1004");
        var theirProject = await app.ProjectIdAsync("2001", DemoData.Other);

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

        var after = await app.UserAsync("approver@other.test");
        after.IsActive.ShouldBeTrue();
        after.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Admin);
        after.IsDirectoryAdmin.ShouldBeTrue();
        (await app.ProjectLevelAsync(sam.Id, theirProject)).ShouldBeNull();
        (await app.OutboxRecipientsAsync()).ShouldNotContain("approver@other.test");
    }

    [Theory]
    [InlineData("approver@demo.test")]
    [InlineData("standard@demo.test")]
    [InlineData("readonly@demo.test")]
    [InlineData("pm@demo.test")]
    [InlineData("erp-admin")]
    public async Task AnyoneButADirectoryAdmin_IsRefused403(string who)
    {
        await using var app = new AppFactory();
        var email = who.Contains('@', StringComparison.Ordinal) ? who : await app.MakeAsync(who);
        var api = await ApiClient.ForAsync(app, email);
        var sam = await app.UserAsync(email == "standard@demo.test" ? "approver@demo.test" : "standard@demo.test");
        var lakeside = await app.ProjectIdAsync("1004");
        var users = await app.AllUsersAsync();

        await api.ShouldAllAnswerAsync(HttpStatusCode.Forbidden, [
            new(HttpMethod.Get, $"/api/v1/directory/users/{sam.Id}"),
            new(HttpMethod.Post, "/api/v1/directory/users", new { name = "Eve", email = "eve@demo.test", password = "Long-enough-1" }),
            new(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/access", new { erpIntegrationsLevel = "admin", isDirectoryAdmin = true }),
            new(HttpMethod.Put, $"/api/v1/directory/users/{sam.Id}/projects/{lakeside}", new { level = "admin" }),
            new(HttpMethod.Post, $"/api/v1/directory/users/{sam.Id}/deactivate"),
            new(HttpMethod.Post, $"/api/v1/directory/users/{sam.Id}/reactivate"),
            new(HttpMethod.Post, $"/api/v1/directory/users/{sam.Id}/set-password-link"),
        ]);

        (await app.AllUsersAsync()).Select(u => (u.Email, u.ErpIntegrationsLevel, u.IsDirectoryAdmin, u.IsActive))
            .ShouldBe(users.Select(u => (u.Email, u.ErpIntegrationsLevel, u.IsDirectoryAdmin, u.IsActive)));
        (await app.ProjectLevelAsync(sam.Id, lakeside)).ShouldBeNull();
        (await app.OutboxRecipientsAsync()).ShouldNotContain(sam.Email);
    }

    [Fact]
    public async Task ADeactivatedUsersToken_Answers401_AndTheyGetNoNewOne_UntilReactivated()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var sams = await ApiClient.ForAsync(app, "standard@demo.test");
        var sam = await app.UserAsync("standard@demo.test");
        await sams.GetJsonAsync("/api/v1/erp/sub-jobs");

        var deactivated = await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/deactivate")).JsonAsync(HttpStatusCode.OK);

        deactivated.GetProperty("isActive").GetBoolean().ShouldBeFalse();
        (await app.UserAsync("standard@demo.test")).IsActive.ShouldBeFalse();
        foreach (var path in new[] { "/api/v1/erp/sub-jobs", "/api/v1/projects", "/api/v1/tokens" })
        {
            // Deactivation revoked the token in the same save.
            var refused = await (await sams.GetAsync(path)).ProblemAsync(HttpStatusCode.Unauthorized);
            refused.GetProperty("detail").GetString()!.ShouldContain("revoked");
        }

        var noNewToken = await (await ApiClient.Anonymous(app).PostJsonAsync("/api/v1/tokens", new { email = "standard@demo.test", password = "Demo123!", name = "again" }))
            .ProblemAsync(HttpStatusCode.Unauthorized);
        noNewToken.GetProperty("detail").GetString()!.ShouldContain("deactivated");
        await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/deactivate")).ProblemAsync(HttpStatusCode.Conflict);
        await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/set-password-link")).ProblemAsync(HttpStatusCode.Conflict);

        var reactivated = await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/reactivate")).JsonAsync(HttpStatusCode.OK);

        reactivated.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        (await app.UserAsync("standard@demo.test")).IsActive.ShouldBeTrue();
        await (await ApiClient.ForAsync(app, "standard@demo.test")).GetJsonAsync("/api/v1/erp/sub-jobs");
        await (await sams.GetAsync("/api/v1/erp/sub-jobs")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/reactivate")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ADirectoryAdmin_CannotDeactivateThemselves_AndSendsASetPasswordLink()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var admin = await app.UserAsync("admin@demo.test");
        var sam = await app.UserAsync("standard@demo.test");

        await (await api.PostJsonAsync($"/api/v1/directory/users/{admin.Id}/deactivate")).ProblemAsync(HttpStatusCode.Conflict);
        (await app.UserAsync("admin@demo.test")).IsActive.ShouldBeTrue();

        var sent = await (await api.PostJsonAsync($"/api/v1/directory/users/{sam.Id}/set-password-link")).JsonAsync(HttpStatusCode.Accepted);

        sent.GetProperty("email").GetString().ShouldBe("standard@demo.test");
        (await app.OutboxRecipientsAsync()).ShouldContain("standard@demo.test");
    }
}
