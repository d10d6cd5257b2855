using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class ProjectsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Projects_ListsTheProjectsWhoseAdminToolThePersonCanOpen()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        await other.ProjectAsync("2001", "Mountain Lodge", erpJobId: "ML-2001");
        var riverside = (await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001")).Id;
        await company.ProjectAsync("1002", "Harbor View Apartments", erpJobId: "HVA-1002");
        await company.ProjectAsync("1003", "Northgate Office Park", erpJobId: "NOP-1003");
        var lakeside = (await company.ProjectAsync("1004", "Lakeside School Renovation", linked: false)).Id;
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var html = Html.Parse(await pm.GetPageAsync("/projects"));

        html.QuerySelectorAll("tr[data-number]").Select(r => r.GetAttribute("data-number")).ShouldBe(["1001", "1002", "1003", "1004"], ignoreOrder: true);
        var row = html.One($"tr[data-project=\"{riverside}\"]");
        row.Text().ShouldContain("Riverside Medical Center");
        row.QuerySelectorAll("td").Select(td => td.Text()).ShouldContain("RMC-1001");
        row.Link(ProjectAdminKit.SubJobsPath(riverside));
        html.One($"tr[data-project=\"{lakeside}\"]").QuerySelectorAll("td").Select(td => td.Text()).ShouldContain("Not linked");
        html.Text().ShouldNotContain("Mountain Lodge");
    }

    [Fact]
    public async Task Projects_WithoutAnyProjectPermission_ShowsTheEmptyState()
    {
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001");
        var standard = await Browser.SignInAsync(App, company.Standard.Email);

        var html = Html.Parse(await standard.GetPageAsync("/projects"));

        html.Text().ShouldContain("You have no projects yet.");
        html.ShouldNotHave("[data-number]");
    }

    [Fact]
    public async Task Projects_OfAnotherCompany_AreNeverListed()
    {
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        var otherCompany = await shared.NewCompanyAsync();
        await otherCompany.ProjectAsync("2001", "Mountain Lodge", erpJobId: "ML-2001");
        var other = await Browser.SignInAsync(App, otherCompany.Admin.Email);

        var html = Html.Parse(await other.GetPageAsync("/projects"));

        html.QuerySelectorAll("tr[data-number]").Select(r => r.GetAttribute("data-number")).ShouldBe(["2001"]);
        html.Text().ShouldNotContain("Riverside");
    }
}
