using System.Globalization;
using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features;

/// <summary>A form value that cannot be read as its type is refused with 400 and changes nothing, on every page.</summary>
public sealed class UnreadableFormValuesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task EditingASubJob_WithAnUnreadableCostCode_IsRefused_AndKeepsItsCostCodes()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001");
        var riverside = project.Id;
        await company.SubJobAsync(project, SubJobState.NotSent, code: "MOB", costCodes: ["01-100", "26-050"]);
        var mob = await App.RequiredSubJobAsync(riverside, "MOB");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);

        var response = await pm.PostAsync(
            edit,
            [new("Code", "MOB"), new("Description", mob.Description), new("CostCodeIds", "garbage"), new("Version", mob.Version.ToString(CultureInfo.InvariantCulture))],
            edit);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("\"garbage\" is not a valid value for CostCodeIds. Nothing was changed.");
        var after = await App.RequiredSubJobAsync(riverside, "MOB");
        after.CostCodes.Select(c => c.CostCodeId).ShouldBe(mob.CostCodes.Select(c => c.CostCodeId), ignoreOrder: true);
        after.CostCodes.ShouldNotBeEmpty();
        after.Actions().ShouldBe(mob.Actions());
    }

    [Fact]
    public async Task CreatingASubJob_WithAnUnreadableCostCode_IsRefused_AndCreatesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001");
        await company.SubJobAsync(project, code: "BLDGA");
        var riverside = project.Id;
        var plumbing = await company.CostCodeIdAsync("22-100");
        var before = await App.SubJobCountAsync(riverside);
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var create = ProjectAdminKit.NewPath(riverside);

        var response = await pm.PostAsync(create, [.. ProjectAdminKit.SubJobFields("NEWONE", "A new wing", plumbing), new("CostCodeIds", "garbage")], create);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("is not a valid value for CostCodeIds");
        (await App.SubJobCountAsync(riverside)).ShouldBe(before);
    }

    [Fact]
    public async Task Profile_WithAnUnreadableYesOrNo_IsRefused_AndStaysSubscribed()
    {
        var company = await shared.NewCompanyAsync();
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        (await App.UserAsync(company.Approver.Email)).SubscribeToDigest.ShouldBeTrue();

        var response = await browser.PostFormAsync("/profile", new Dictionary<string, string> { ["SubscribeToDigest"] = "maybe" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("\"maybe\" is not a valid value for SubscribeToDigest. Nothing was changed.");
        (await App.UserAsync(company.Approver.Email)).SubscribeToDigest.ShouldBeTrue();
    }

    [Fact]
    public async Task BulkAccept_WithAnUnreadableId_IsRefused_AndAcceptsNone()
    {
        var company = await shared.NewCompanyAsync();
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var bldga = await company.SubJobAsync(await company.ProjectAsync("1001"), code: "BLDGA");

        var response = await ErpSubJobs.ErpSubJobsPage.PostAsync(browser, "BulkAccept", new KeyValuePair<string, string>[] { new("selectedIds", bldga.ToString()), new("selectedIds", "nonsense") });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("is not a valid value for selectedIds. Nothing was changed.");
        (await ErpSubJobs.ErpSubJobsPage.StateAsync(App, bldga)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(bldga)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DirectoryAccess_WithAnUnreadableLevel_IsRefused_AndChangesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var sam = await App.UserAsync(company.Standard.Email);
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var page = $"/directory/{sam.Id}";

        var response = await admin.PostAsync($"{page}?handler=Access", [new("erpIntegrationsLevel", "Standard"), new("isDirectoryAdmin", "perhaps")], page);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("\"perhaps\" is not a valid value for isDirectoryAdmin. Nothing was changed.");
        (await App.UserAsync(company.Standard.Email)).IsDirectoryAdmin.ShouldBeFalse();
    }
}
