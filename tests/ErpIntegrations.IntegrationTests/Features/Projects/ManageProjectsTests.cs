using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Features.Projects;

public sealed class ManageProjectsTests
{
    [Theory]
    [InlineData("directory-admin")]
    [InlineData("erp-admin")]
    public async Task DirectoryAdminOrErpIntegrationsAdmin_AddsAndEditsAProject(string who)
    {
        await using var app = new AppFactory();
        var email = await app.MakeAsync(who);
        var browser = await Browser.SignInAsync(app, email);
        (await browser.PageTextAsync("/projects")).ShouldContain(">Add Project</a>");

        var created = await browser.SubmitAsync("/projects/new", [new("Number", " 1005 "), new("Name", "Bayside Hotel")]);

        var id = await app.ProjectIdAsync("1005");
        created.Headers.Location!.ToString().ShouldBe($"/projects/{id}/edit");
        var edit = await browser.PageTextAsync($"/projects/{id}/edit");
        edit.ShouldContain("Project 1005 Bayside Hotel was added.");
        edit.ShouldContain("Not linked");

        await browser.SubmitAsync($"/projects/{id}/edit", [new("Number", "1005A"), new("Name", "Bayside Hotel and Spa")]);

        var project = await app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == id));
        project.Number.ShouldBe("1005A");
        project.Name.ShouldBe("Bayside Hotel and Spa");
        project.CompanyId.ShouldBe((await app.CompanyAsync(DemoData.Demo)).Id);
        (await browser.PageTextAsync("/projects")).ShouldContain("data-number=\"1005A\"");
    }

    [Fact]
    public async Task Others_CannotAddEditOrLinkProjects()
    {
        await using var app = new AppFactory();
        var lakeside = await app.ProjectIdAsync("1004");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        (await pm.PageTextAsync("/projects")).ShouldNotContain("Add Project");

        (await pm.Client.GetAsync("/projects/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await pm.Client.GetAsync($"/projects/{lakeside}/edit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await pm.PostAsync("/projects/new", [new("Number", "9"), new("Name", "Nope")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await pm.PostAsync($"/projects/{lakeside}/edit?handler=Link", [new("ErpJobId", "RMC-1001")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var approver = await Browser.SignInAsync(app, "approver@demo.test");
        (await approver.PostAsync("/projects/new", [new("Number", "9"), new("Name", "Nope")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().AnyAsync(p => p.Number == "9"))).ShouldBeFalse();
        (await app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == lakeside))).ErpJobId.ShouldBeNull();
    }

    [Fact]
    public async Task AddProject_WithADuplicateNumber_ShowsTheMessageBesideTheField()
    {
        await using var app = new AppFactory();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        var response = await admin.PostAsync("/projects/new", [new("Number", "1001"), new("Name", "")], "/projects/new");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.TextAsync();
        ProjectAdminKit.FieldError(html, "Number").ShouldBe("The company already has a project numbered 1001.");
        ProjectAdminKit.FieldError(html, "Name").ShouldBe("Enter the project name.");
    }

    [Fact]
    public async Task LinkToErpJob_ChoosesAmongTheJobsTheErpLists()
    {
        await using var app = new AppFactory();
        var lakeside = await app.ProjectIdAsync("1004");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        await app.SandboxStore.AddJobAsync("demo-construction", "LSR-1004", "Lakeside School Renovation");
        var edit = $"/projects/{lakeside}/edit";
        var page = await admin.PageTextAsync(edit);
        page.ShouldContain("<option value=\"LSR-1004\"");
        page.ShouldContain("(linked to project 1001 Riverside Medical Center)");

        var unknown = await admin.PostAsync($"{edit}?handler=Link", [new("ErpJobId", "NOPE-1")], edit);
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await unknown.TextAsync(), "ErpJobId").ShouldBe("Sandbox ERP has no job NOPE-1. Choose one of the jobs it lists.");

        var taken = await admin.PostAsync($"{edit}?handler=Link", [new("ErpJobId", "RMC-1001")], edit);
        taken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await taken.TextAsync(), "ErpJobId").ShouldBe("ERP job RMC-1001 is already linked to project 1001 Riverside Medical Center.");

        await admin.SubmitAsync($"{edit}?handler=Link", [new("ErpJobId", "LSR-1004")], edit);

        var linked = await admin.PageTextAsync(edit);
        linked.ShouldContain("Project 1004 is linked to ERP job LSR-1004; its sub jobs can now be sent to ERP.");
        linked.ShouldContain("aria-label=\"Unlink from ERP job: LSR-1004 (project 1004)\">Unlink from ERP job</button>");
        (await app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == lakeside))).ErpJobId.ShouldBe("LSR-1004");

        await admin.SubmitAsync($"{edit}?handler=Unlink", [], edit);

        (await app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == lakeside))).ErpJobId.ShouldBeNull();
    }

    [Fact]
    public async Task Unlink_WhileTheProjectHasSyncedSubJobs_IsRefused()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var edit = $"/projects/{riverside}/edit";
        (await admin.PageTextAsync(edit)).ShouldNotContain("Unlink from ERP job</button>");

        var response = await admin.PostAsync($"{edit}?handler=Unlink", [], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await response.TextAsync())!.ShouldStartWith("Project 1001 cannot be unlinked: 2 of its sub jobs are synced to, exporting to or Failed to Export to ERP job RMC-1001.");
        (await app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == riverside))).ErpJobId.ShouldBe("RMC-1001");
    }

    [Fact]
    public async Task UnlinkOrRelink_WhileASubJobFailedToExport_IsRefused()
    {
        await using var app = new AppFactory();
        var (company, approver, pm) = await app.DemoAsync();
        var lakeside = await app.ProjectIdAsync("1004");
        await app.SandboxStore.AddJobAsync("demo-construction", "LSR-1004", "Lakeside School Renovation");
        await app.SandboxStore.AddJobAsync("demo-construction", "LSR-2004", "Lakeside School, phase 2");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var edit = $"/projects/{lakeside}/edit";
        await admin.SubmitAsync($"{edit}?handler=Link", [new("ErpJobId", "LSR-1004")], edit);
        await using (var scope = app.ScopeFor(company.Id, out var db))
        {
            var erp = scope.ServiceProvider.GetRequiredService<ErpConnectors>().For(company).Capabilities;
            var gym = await db.SubJobs.Include(s => s.Project).Include(s => s.CostCodes).SingleAsync(s => s.Code == "GYM");
            gym.SendToErp(erp, pm, app.Now);
            var request = gym.Accept("GYM", approver, app.Now);
            request.Fail("Job LSR-1004 is closed", app.Now);
            gym.MarkExportFailed("Job LSR-1004 is closed", app.Now);
            db.ErpRequests.Add(request);
            await db.SaveChangesAsync();
        }

        (await admin.PageTextAsync(edit)).ShouldNotContain("Unlink from ERP job</button>");
        var unlink = await admin.PostAsync($"{edit}?handler=Unlink", [], edit);
        var relink = await admin.PostAsync($"{edit}?handler=Link", [new("ErpJobId", "LSR-2004")], edit);

        unlink.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await unlink.TextAsync())!.ShouldStartWith("Project 1004 cannot be unlinked: 1 of its sub jobs is synced to, exporting to or Failed to Export to ERP job LSR-1004. Reject the sub jobs that Failed to Export first");
        relink.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == lakeside))).ErpJobId.ShouldBe("LSR-1004");
    }

    [Fact]
    public async Task AnotherCompanysProject_IsNotFound()
    {
        await using var app = new AppFactory();
        var lodge = await app.ProjectIdAsync("2001");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        (await admin.Client.GetAsync($"/projects/{lodge}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/projects/{lodge}/edit?handler=Unlink", [], "/signout")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        foreach (var who in new[] { "readonly@demo.test", "standard@demo.test", "pm@demo.test", "approver@demo.test" })
        {
            var someone = await Browser.SignInAsync(app, who);
            (await someone.Client.GetAsync($"/projects/{lodge}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound, who);
        }
    }
}

internal static class Roles
{
    /// <summary>Makes a demo user hold exactly one of the privileges under test, and returns their sign-in.</summary>
    public static async Task<string> MakeAsync(this AppFactory app, string who)
    {
        var (email, level, directoryAdmin) = who switch
        {
            "directory-admin" => ("standard@demo.test", PermissionLevel.None, true),
            "erp-admin" => ("readonly@demo.test", PermissionLevel.Admin, false),
            _ => throw new ArgumentOutOfRangeException(nameof(who)),
        };
        var company = await app.CompanyAsync(DemoData.Demo);
        await app.WithDbAsync(company.Id, async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            user.ErpIntegrationsLevel = level;
            user.IsDirectoryAdmin = directoryAdmin;
            return await db.SaveChangesAsync();
        });
        return email;
    }
}
