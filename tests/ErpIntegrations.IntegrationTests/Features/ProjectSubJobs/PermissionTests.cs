using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class PermissionTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task WithoutProjectPermission_ThePagesAnswer403AndPostsChangeNothing()
    {
        var (company, project, mob, _) = await RiversideAsync();
        var riverside = project.Id;
        var standard = await Browser.SignInAsync(App, company.Standard.Email);

        foreach (var path in new[] { ProjectAdminKit.SubJobsPath(riverside), ProjectAdminKit.DetailsPath(riverside, mob.Id), ProjectAdminKit.NewPath(riverside), ProjectAdminKit.EditPath(riverside, mob.Id) })
        {
            (await standard.Client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
        }

        var refused = await standard.PostAsync($"{ProjectAdminKit.SubJobsPath(riverside)}?handler=Send", [new("subJobId", mob.Id.ToString())], "/");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        page.One("h1").Text().ShouldBe("You do not have permission to do this");
        page.Text().ShouldContain("on the Admin tool of project 1001");
        var noToken = await standard.Client.PostAsync($"{ProjectAdminKit.SubJobsPath(riverside)}?handler=Send", new FormUrlEncodedContent([new("subJobId", mob.Id.ToString())]));
        noToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await noToken.Content.ReadAsStringAsync()).One("h1").Text().ShouldBe("The request could not be used");
        (await standard.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("SNEAKY", "Not allowed"), "/"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.RequiredSubJobAsync(riverside, "MOB")).State.ShouldBe(SubJobState.NotSent);
        (await App.SubJobByCodeAsync(riverside, "SNEAKY")).ShouldBeNull();
    }

    [Fact]
    public async Task ReadOnlyOnTheProject_SeesTheSubJobsWithoutButtonsAndCannotPost()
    {
        var (company, project, mob, bldga) = await RiversideAsync();
        var riverside = project.Id;
        await company.GrantAsync(company.ReadOnly, project, PermissionLevel.ReadOnly);
        var readOnly = await Browser.SignInAsync(App, company.ReadOnly.Email);

        var list = Html.Parse(await readOnly.GetPageAsync(ProjectAdminKit.SubJobsPath(riverside)));
        list.ShouldHave("[data-code=MOB]");
        list.ShouldHave("[data-code=BLDGA]");
        list.QuerySelectorAll("button").Select(b => b.Text()).ShouldNotContain("Send to ERP");
        list.QuerySelectorAll("button").Select(b => b.Text()).ShouldNotContain("Retrieve from ERP");
        list.HasLinkTo(ProjectAdminKit.NewPath(riverside)).ShouldBeFalse();
        list.Text().ShouldNotContain("Add Sub Job");
        Html.Parse(await readOnly.GetPageAsync(ProjectAdminKit.DetailsPath(riverside, mob.Id))).QuerySelectorAll("button").Select(b => b.Text()).ShouldNotContain("Send to ERP");
        (await readOnly.Client.GetAsync(ProjectAdminKit.NewPath(riverside))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await readOnly.SubJobActionAsync(riverside, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await readOnly.SubJobActionAsync(riverside, bldga, "Retrieve")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await readOnly.PostAsync(ProjectAdminKit.EditPath(riverside, mob.Id), [.. ProjectAdminKit.SubJobFields("MOB", "Changed"), new("Version", "1")], "/"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.RequiredSubJobAsync(riverside, "MOB")).Actions().ShouldBe([AuditAction.Created]);
        (await App.RequiredSubJobAsync(riverside, "BLDGA")).State.ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task StandardOnTheProject_IsNotEnoughToSend()
    {
        var (company, project, mob, _) = await RiversideAsync();
        await company.GrantAsync(company.Standard, project, PermissionLevel.Standard);
        var standard = await Browser.SignInAsync(App, company.Standard.Email);

        (await standard.SubJobActionAsync(project.Id, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.RequiredSubJobAsync(project.Id, "MOB")).State.ShouldBe(SubJobState.NotSent);
    }

    [Fact]
    public async Task AdminOnTheProject_CanSend()
    {
        var (company, project, mob, _) = await RiversideAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        (await admin.SubJobActionAsync(project.Id, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var after = await App.RequiredSubJobAsync(project.Id, "MOB");
        after.State.ShouldBe(SubJobState.ReadyToExport);
        after.LastSentByName.ShouldBe("Alex Admin");
    }

    [Fact]
    public async Task AnotherCompanysPerson_GetsNotFoundForDemoProjectsAndSubJobs()
    {
        var (_, project, mob, _) = await RiversideAsync();
        var riverside = project.Id;
        var otherCompany = await shared.NewCompanyAsync();
        var lodge = await otherCompany.ProjectAsync("2001", "Mountain Lodge", erpJobId: "ML-2001");
        await otherCompany.SubJobAsync(lodge, code: "CABINS");
        var other = await Browser.SignInAsync(App, otherCompany.Admin.Email);

        foreach (var path in new[] { ProjectAdminKit.SubJobsPath(riverside), ProjectAdminKit.DetailsPath(riverside, mob.Id), ProjectAdminKit.NewPath(riverside), ProjectAdminKit.EditPath(riverside, mob.Id) })
        {
            (await other.Client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        }

        (await other.SubJobActionAsync(riverside, mob, "Send", formPage: "/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.RequiredSubJobAsync(riverside, "MOB")).State.ShouldBe(SubJobState.NotSent);

        Html.Parse(await other.GetPageAsync(ProjectAdminKit.SubJobsPath(lodge.Id))).ShouldHave("[data-code=CABINS]");
        (await other.SubJobActionAsync(lodge.Id, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.RequiredSubJobAsync(riverside, "MOB")).State.ShouldBe(SubJobState.NotSent);
    }

    [Fact]
    public async Task ASubJobUnderAnotherProjectsAddress_IsNotFound()
    {
        var (company, project, mob, _) = await RiversideAsync();
        var harbor = (await company.ProjectAsync("1002")).Id;
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        (await pm.Client.GetAsync(ProjectAdminKit.DetailsPath(harbor, mob.Id))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await pm.SubJobActionAsync(harbor, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.RequiredSubJobAsync(project.Id, "MOB")).State.ShouldBe(SubJobState.NotSent);
    }

    /// <summary>A company of the test's own whose project 1001 holds MOB (not sent) and BLDGA (Ready to Export).</summary>
    private async Task<(TestCompany Company, TestProject Project, SubJob Mob, SubJob Bldga)> RiversideAsync()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        await company.SubJobAsync(project, SubJobState.NotSent, code: "MOB");
        await company.SubJobAsync(project, code: "BLDGA");
        return (company, project, await App.RequiredSubJobAsync(project.Id, "MOB"), await App.RequiredSubJobAsync(project.Id, "BLDGA"));
    }
}
