using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Api;

public sealed class DirectoryApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Users_AreListedWithTheirPermissions()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.ReadOnly.Email);

        var body = await api.GetJsonAsync("/api/v1/directory/users");

        body.GetProperty("canGrantApproverPrivileges").GetBoolean().ShouldBeFalse();
        var users = body.GetProperty("items").EnumerateArray().ToList();
        users.Select(u => u.GetProperty("email").GetString()).ShouldBe([company.Admin.Email, company.Approver.Email, company.ProjectManager.Email, company.ReadOnly.Email, company.Standard.Email], ignoreOrder: true);
        var approver = users.Single(u => u.GetProperty("email").GetString() == company.Approver.Email);
        approver.GetProperty("erpIntegrationsLevel").GetString().ShouldBe("standard");
        approver.GetProperty("canPushToAccounting").GetBoolean().ShouldBeTrue();

        await (await (await ApiClient.ForAsync(App, company.ProjectManager.Email)).GetAsync("/api/v1/directory/users")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ADirectoryAdminApprover_GrantsAndRevokesTheApproverPrivilege()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var standard = await App.UserAsync(company.Standard.Email);

        var granted = await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { canPushToAccounting = true }))
            .JsonAsync(HttpStatusCode.OK);

        granted.GetProperty("canPushToAccounting").GetBoolean().ShouldBeTrue();
        (await App.UserAsync(company.Standard.Email)).CanPushToAccounting.ShouldBeTrue();

        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { canPushToAccounting = false })).JsonAsync(HttpStatusCode.OK);
        (await App.UserAsync(company.Standard.Email)).CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public async Task Grant_ByAnyoneElse_Answers403()
    {
        var company = await shared.NewCompanyAsync();
        var standard = await App.UserAsync(company.Standard.Email);
        foreach (var email in new[] { company.Approver.Email, company.Standard.Email, company.ReadOnly.Email })
        {
            var api = await ApiClient.ForAsync(App, email);
            await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { canPushToAccounting = true }))
                .ProblemAsync(HttpStatusCode.Forbidden);
        }

        (await App.UserAsync(company.Standard.Email)).CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public async Task Grant_ForAnotherCompanysUser_Answers404_AndBadInput400()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var other = await shared.NewCompanyAsync();
        var theirs = await App.UserAsync(other.Approver.Email);
        var standard = await App.UserAsync(company.Standard.Email);

        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{theirs.Id}/accounting-approver", new { canPushToAccounting = false }))
            .ProblemAsync(HttpStatusCode.NotFound);
        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { }))
            .ProblemAsync(HttpStatusCode.BadRequest, "canPushToAccounting");
        await (await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/directory/users/{standard.Id}/accounting-approver", new { canPushToAccounting = "yes" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "canPushToAccounting");

        (await App.UserAsync(other.Approver.Email)).CanPushToAccounting.ShouldBeTrue();
        (await App.UserAsync(company.Standard.Email)).CanPushToAccounting.ShouldBeFalse();
    }
}
