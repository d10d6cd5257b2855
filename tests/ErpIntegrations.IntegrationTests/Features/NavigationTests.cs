using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features;

public sealed class NavigationTests
{
    [Fact]
    public async Task AProjectManagerWithoutErpIntegrationsOrDirectoryAccess_IsOfferedOnlyProjects()
    {
        await using var app = new AppFactory();
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        foreach (var page in new[] { await pm.GetPageAsync("/"), await pm.GetPageAsync("/projects") })
        {
            page.ShouldContain("<a href=\"/projects\">Projects</a>");
            page.ShouldNotContain("href=\"/erp-integrations/sub-jobs\"");
            page.ShouldNotContain("href=\"/directory\"");
            page.ShouldNotContain("href=\"/cost-codes\"");
            page.ShouldNotContain("href=\"/erp-connection\"");
            page.ShouldNotContain("href=\"/notifications\"");
        }
    }

    [Fact]
    public async Task AnAdmin_IsOfferedEveryTool_AndEachOpens()
    {
        await using var app = new AppFactory();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        var start = await admin.GetPageAsync("/");

        start.ShouldContain("<a href=\"/erp-integrations/sub-jobs\">ERP Integrations</a>");
        start.ShouldContain("<a href=\"/directory\">Company Directory</a>");
        foreach (var path in new[] { "/projects", "/erp-integrations/sub-jobs", "/notifications", "/directory", "/cost-codes", "/erp-connection" })
        {
            start.ShouldContain($"class=\"tile\" href=\"{path}\"");
            await admin.GetPageAsync(path);
        }
    }

    [Fact]
    public async Task AReadOnlyUser_IsOfferedErpIntegrationsAndTheDirectory_ButNoAdminTools()
    {
        await using var app = new AppFactory();
        var readOnly = await Browser.SignInAsync(app, "readonly@demo.test");

        var start = await readOnly.GetPageAsync("/");

        start.ShouldContain("<a href=\"/erp-integrations/sub-jobs\">ERP Integrations</a>");
        start.ShouldContain("<a href=\"/directory\">Company Directory</a>");
        start.ShouldNotContain("href=\"/cost-codes\"");
        start.ShouldNotContain("href=\"/erp-connection\"");
        start.ShouldNotContain("href=\"/notifications\"");
    }
}
