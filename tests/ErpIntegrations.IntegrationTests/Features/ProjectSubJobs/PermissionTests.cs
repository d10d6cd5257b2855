using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class PermissionTests
{
    [Fact]
    public async Task WithoutProjectPermission_ThePagesAnswer403AndPostsChangeNothing()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var standard = await Browser.SignInAsync(app, "standard@demo.test");

        foreach (var path in new[] { ProjectAdminKit.SubJobsPath(riverside), ProjectAdminKit.DetailsPath(riverside, mob.Id), ProjectAdminKit.NewPath(riverside), ProjectAdminKit.EditPath(riverside, mob.Id) })
        {
            (await standard.Client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
        }

        var refused = await standard.PostAsync($"{ProjectAdminKit.SubJobsPath(riverside)}?handler=Send", [new("subJobId", mob.Id.ToString())], "/");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var page = await refused.TextAsync();
        page.ShouldContain("<h1>You do not have permission to do this</h1>");
        page.ShouldContain("on the Admin tool of project 1001");
        var noToken = await standard.Client.PostAsync($"{ProjectAdminKit.SubJobsPath(riverside)}?handler=Send", new FormUrlEncodedContent([new("subJobId", mob.Id.ToString())]));
        noToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noToken.TextAsync()).ShouldContain("<h1>The request could not be used</h1>");
        (await standard.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("SNEAKY", "Not allowed"), "/"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.RequiredSubJobAsync("1001", "MOB")).State.ShouldBe(SubJobState.NotSent);
        (await app.SubJobByCodeAsync("1001", "SNEAKY")).ShouldBeNull();
    }

    [Fact]
    public async Task ReadOnlyOnTheProject_SeesTheSubJobsWithoutButtonsAndCannotPost()
    {
        await using var app = new AppFactory();
        await app.GrantProjectLevelAsync("readonly@demo.test", "1001", PermissionLevel.ReadOnly);
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var bldga = await app.RequiredSubJobAsync("1001", "BLDGA");
        var readOnly = await Browser.SignInAsync(app, "readonly@demo.test");

        var list = await readOnly.PageTextAsync(ProjectAdminKit.SubJobsPath(riverside));
        list.ShouldContain("data-code=\"MOB\"");
        list.ShouldNotContain("Send to ERP</button>");
        list.ShouldNotContain("Retrieve from ERP</button>");
        list.ShouldNotContain("Add Sub Job");
        (await readOnly.PageTextAsync(ProjectAdminKit.DetailsPath(riverside, mob.Id))).ShouldNotContain("Send to ERP</button>");
        (await readOnly.Client.GetAsync(ProjectAdminKit.NewPath(riverside))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await readOnly.SubJobActionAsync(riverside, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await readOnly.SubJobActionAsync(riverside, bldga, "Retrieve")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await readOnly.PostAsync(ProjectAdminKit.EditPath(riverside, mob.Id), [.. ProjectAdminKit.SubJobFields("MOB", "Changed"), new("Version", "1")], "/"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.RequiredSubJobAsync("1001", "MOB")).Actions().ShouldBe([AuditAction.Created]);
        (await app.RequiredSubJobAsync("1001", "BLDGA")).State.ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task StandardOnTheProject_IsNotEnoughToSend()
    {
        await using var app = new AppFactory();
        await app.GrantProjectLevelAsync("standard@demo.test", "1001", PermissionLevel.Standard);
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var standard = await Browser.SignInAsync(app, "standard@demo.test");

        (await standard.SubJobActionAsync(riverside, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.RequiredSubJobAsync("1001", "MOB")).State.ShouldBe(SubJobState.NotSent);
    }

    [Fact]
    public async Task AdminOnTheProject_CanSend()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        (await admin.SubJobActionAsync(riverside, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var after = await app.RequiredSubJobAsync("1001", "MOB");
        after.State.ShouldBe(SubJobState.ReadyToExport);
        after.LastSentByName.ShouldBe("Alex Admin");
    }

    [Fact]
    public async Task AnotherCompanysPerson_GetsNotFoundForDemoProjectsAndSubJobs()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var other = await Browser.SignInAsync(app, "approver@other.test");

        foreach (var path in new[] { ProjectAdminKit.SubJobsPath(riverside), ProjectAdminKit.DetailsPath(riverside, mob.Id), ProjectAdminKit.NewPath(riverside), ProjectAdminKit.EditPath(riverside, mob.Id) })
        {
            (await other.Client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        }

        (await other.SubJobActionAsync(riverside, mob, "Send", formPage: "/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.RequiredSubJobAsync("1001", "MOB")).State.ShouldBe(SubJobState.NotSent);

        var lodge = await app.ProjectIdAsync("2001");
        (await other.PageTextAsync(ProjectAdminKit.SubJobsPath(lodge))).ShouldContain("data-code=\"CABINS\"");
        (await other.SubJobActionAsync(lodge, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ASubJobUnderAnotherProjectsAddress_IsNotFound()
    {
        await using var app = new AppFactory();
        var harbor = await app.ProjectIdAsync("1002");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        (await pm.Client.GetAsync(ProjectAdminKit.DetailsPath(harbor, mob.Id))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await pm.SubJobActionAsync(harbor, mob, "Send")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.RequiredSubJobAsync("1001", "MOB")).State.ShouldBe(SubJobState.NotSent);
    }
}
