using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features;

public sealed class NavigationTests(SharedApp shared) : IClassFixture<SharedApp>
{
    [Fact]
    public async Task AProjectManagerWithoutErpIntegrationsOrDirectoryAccess_IsOfferedOnlyProjects()
    {
        var company = await shared.NewCompanyAsync();
        var pm = await Browser.SignInAsync(shared.App, company.ProjectManager.Email);

        foreach (var page in new[] { Html.Parse(await pm.GetPageAsync("/")), Html.Parse(await pm.GetPageAsync("/projects")) })
        {
            page.Link("/projects", "Projects");
            page.HasLinkTo("/erp-integrations/sub-jobs").ShouldBeFalse();
            page.HasLinkTo("/directory").ShouldBeFalse();
            page.HasLinkTo("/cost-codes").ShouldBeFalse();
            page.HasLinkTo("/erp-connection").ShouldBeFalse();
            page.HasLinkTo("/notifications").ShouldBeFalse();
        }
    }

    [Fact]
    public async Task AnAdmin_IsOfferedEveryTool_AndEachOpens()
    {
        var company = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(shared.App, company.Admin.Email);

        var start = Html.Parse(await admin.GetPageAsync("/"));

        start.Link("/erp-integrations/sub-jobs", "ERP Integrations");
        start.Link("/directory", "Company Directory");
        foreach (var path in new[] { "/projects", "/erp-integrations/sub-jobs", "/notifications", "/directory", "/cost-codes", "/erp-connection" })
        {
            start.ShouldHave($"a.tile[href=\"{path}\"]");
            await admin.GetPageAsync(path);
        }
    }

    [Fact]
    public async Task AReadOnlyUser_IsOfferedErpIntegrationsAndTheDirectory_ButNoAdminTools()
    {
        var company = await shared.NewCompanyAsync();
        var readOnly = await Browser.SignInAsync(shared.App, company.ReadOnly.Email);

        var start = Html.Parse(await readOnly.GetPageAsync("/"));

        start.Link("/erp-integrations/sub-jobs", "ERP Integrations");
        start.Link("/directory", "Company Directory");
        start.HasLinkTo("/cost-codes").ShouldBeFalse();
        start.HasLinkTo("/erp-connection").ShouldBeFalse();
        start.HasLinkTo("/notifications").ShouldBeFalse();
    }
}
