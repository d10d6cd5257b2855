using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class DirectoryApiTests
{
    [Fact]
    public async Task Users_AreListedWithTheirPermissions()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "readonly@demo.test");

        var body = await api.GetJsonAsync("/api/v1/directory/users");

        body.GetProperty("canGrantApproverPrivileges").GetBoolean().ShouldBeFalse();
        var users = body.GetProperty("items").EnumerateArray().ToList();
        users.Select(u => u.GetProperty("email").GetString()).ShouldBe(["admin@demo.test", "approver@demo.test", "pm@demo.test", "readonly@demo.test", "standard@demo.test"], ignoreOrder: true);
        var approver = users.Single(u => u.GetProperty("email").GetString() == "approver@demo.test");
        approver.GetProperty("erpIntegrationsLevel").GetString().ShouldBe("standard");
        approver.GetProperty("canPushToAccounting").GetBoolean().ShouldBeTrue();

        await (await (await ApiClient.ForAsync(app, "pm@demo.test")).GetAsync("/api/v1/directory/users")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ADirectoryAdminApprover_GrantsAndRevokesTheApproverPrivilege()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var standard = await app.UserAsync("standard@demo.test");

        var granted = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { canPushToAccounting = true }))
            .JsonAsync(HttpStatusCode.OK);

        granted.GetProperty("canPushToAccounting").GetBoolean().ShouldBeTrue();
        (await app.UserAsync("standard@demo.test")).CanPushToAccounting.ShouldBeTrue();

        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { canPushToAccounting = false })).JsonAsync(HttpStatusCode.OK);
        (await app.UserAsync("standard@demo.test")).CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public async Task Grant_ByAnyoneElse_Answers403()
    {
        await using var app = new AppFactory();
        var standard = await app.UserAsync("standard@demo.test");
        foreach (var email in new[] { "approver@demo.test", "standard@demo.test", "readonly@demo.test" })
        {
            var api = await ApiClient.ForAsync(app, email);
            await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { canPushToAccounting = true }))
                .ProblemAsync(HttpStatusCode.Forbidden);
        }

        (await app.UserAsync("standard@demo.test")).CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public async Task Grant_ForAnotherCompanysUser_Answers404_AndBadInput400()
    {
        await using var app = new AppFactory();
        var api = await ApiClient.ForAsync(app, "admin@demo.test");
        var theirs = await app.UserAsync("approver@other.test");
        var standard = await app.UserAsync("standard@demo.test");

        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{theirs.Id}/accounting-approver", new { canPushToAccounting = false }))
            .ProblemAsync(HttpStatusCode.NotFound);
        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { }))
            .ProblemAsync(HttpStatusCode.BadRequest, "canPushToAccounting");
        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { canPushToAccounting = "yes" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "canPushToAccounting");

        (await app.UserAsync("approver@other.test")).CanPushToAccounting.ShouldBeTrue();
        (await app.UserAsync("standard@demo.test")).CanPushToAccounting.ShouldBeFalse();
    }
}
