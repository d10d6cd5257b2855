using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class ProjectsTests
{
    [Fact]
    public async Task Projects_ListsTheProjectsWhoseAdminToolThePersonCanOpen()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var html = await pm.PageTextAsync("/projects");

        foreach (var number in new[] { "1001", "1002", "1003", "1004" })
        {
            html.ShouldContain($"data-number=\"{number}\"");
        }

        html.ShouldContain("Riverside Medical Center");
        html.ShouldContain("RMC-1001");
        html.ShouldContain("Not linked");
        html.ShouldContain($"href=\"{ProjectAdminKit.SubJobsPath(riverside)}\"");
        html.ShouldNotContain("Mountain Lodge");
    }

    [Fact]
    public async Task Projects_WithoutAnyProjectPermission_ShowsTheEmptyState()
    {
        await using var app = new AppFactory();
        var standard = await Browser.SignInAsync(app, "standard@demo.test");

        var html = await standard.PageTextAsync("/projects");

        html.ShouldContain("You have no projects yet.");
        html.ShouldNotContain("data-number=");
    }

    [Fact]
    public async Task Projects_OfAnotherCompany_AreNeverListed()
    {
        await using var app = new AppFactory();
        var other = await Browser.SignInAsync(app, "approver@other.test");

        var html = await other.PageTextAsync("/projects");

        html.ShouldContain("data-number=\"2001\"");
        html.ShouldNotContain("Riverside");
    }
}
