using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.Projects;

public sealed class ManageProjectsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("erp-admin")]
    public async Task DirectoryAdminOrErpIntegrationsAdmin_AddsAndEditsAProject(string who)
    {
        var company = await shared.NewCompanyAsync();
        var email = await company.EmailAsync(who);
        var browser = await Browser.SignInAsync(App, email);
        Html.Parse(await browser.GetPageAsync("/projects")).Link("/projects/new", "Add Project");

        var created = await browser.SubmitAsync("/projects/new", [new("Number", " 1005 "), new("Name", "Bayside Hotel")]);

        var id = await company.WithDbAsync(db => db.Projects.Where(p => p.Number == "1005").Select(p => p.Id).SingleAsync());
        created.Headers.Location!.ToString().ShouldBe($"/projects/{id}/edit");
        var edit = Html.Parse(await browser.GetPageAsync($"/projects/{id}/edit"));
        edit.Success().ShouldBe("Project 1005 Bayside Hotel was added. Link it to an ERP job so that its sub jobs can be sent to ERP.");
        edit.Text().ShouldContain("Not linked: its sub jobs cannot be sent to ERP until it is linked to a job of Sandbox ERP.");

        await browser.SubmitAsync($"/projects/{id}/edit", [new("Number", "1005A"), new("Name", "Bayside Hotel and Spa")]);

        var project = await App.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == id));
        project.Number.ShouldBe("1005A");
        project.Name.ShouldBe("Bayside Hotel and Spa");
        project.CompanyId.ShouldBe(company.Id);
        Html.Parse(await browser.GetPageAsync("/projects")).One($"tr[data-project=\"{id}\"]").GetAttribute("data-number").ShouldBe("1005A");
    }

    [Fact]
    public async Task Others_CannotAddEditOrLinkProjects()
    {
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var lakeside = (await company.ProjectAsync("1004", linked: false)).Id;
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var projects = Html.Parse(await pm.GetPageAsync("/projects"));
        projects.HasLinkTo("/projects/new").ShouldBeFalse();
        projects.Text().ShouldNotContain("Add Project");

        (await pm.Client.GetAsync("/projects/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await pm.Client.GetAsync($"/projects/{lakeside}/edit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await pm.PostAsync("/projects/new", [new("Number", "9"), new("Name", "Nope")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await pm.PostAsync($"/projects/{lakeside}/edit?handler=Link", [new("ErpJobId", "RMC-1001")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        (await approver.PostAsync("/projects/new", [new("Number", "9"), new("Name", "Nope")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await company.WithDbAsync(db => db.Projects.AnyAsync(p => p.Number == "9"))).ShouldBeFalse();
        (await App.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == lakeside))).ErpJobId.ShouldBeNull();
    }

    [Fact]
    public async Task AddProject_WithADuplicateNumber_ShowsTheMessageBesideTheField()
    {
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001");
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var response = await admin.PostAsync("/projects/new", [new("Number", "1001"), new("Name", "")], "/projects/new");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.TextAsync();
        ProjectAdminKit.FieldError(html, "Number").ShouldBe("The company already has a project numbered 1001.");
        ProjectAdminKit.FieldError(html, "Name").ShouldBe("Enter the project name.");
    }

    [Fact]
    public async Task LinkToErpJob_ChoosesAmongTheJobsTheErpLists()
    {
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        var lakeside = (await company.ProjectAsync("1004", "Lakeside School Renovation", linked: false)).Id;
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        await App.SandboxStore.AddJobAsync(company.Ledger, "LSR-1004", "Lakeside School Renovation");
        var edit = $"/projects/{lakeside}/edit";
        var page = Html.Parse(await admin.GetPageAsync(edit));
        page.One("option[value=LSR-1004]").Text().ShouldBe("LSR-1004 · Lakeside School Renovation");
        page.One("option[value=RMC-1001]").Text().ShouldBe("RMC-1001 · Riverside Medical Center (linked to project 1001 Riverside Medical Center)");

        var unknown = await admin.PostAsync($"{edit}?handler=Link", [new("ErpJobId", "NOPE-1")], edit);
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await unknown.TextAsync(), "ErpJobId").ShouldBe("Sandbox ERP has no job NOPE-1. Choose one of the jobs it lists.");

        var taken = await admin.PostAsync($"{edit}?handler=Link", [new("ErpJobId", "RMC-1001")], edit);
        taken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await taken.TextAsync(), "ErpJobId").ShouldBe("ERP job RMC-1001 is already linked to project 1001 Riverside Medical Center.");

        await admin.SubmitAsync($"{edit}?handler=Link", [new("ErpJobId", "LSR-1004")], edit);

        var linked = Html.Parse(await admin.GetPageAsync(edit));
        linked.Success().ShouldBe("Project 1004 is linked to ERP job LSR-1004; its sub jobs can now be sent to ERP.");
        linked.Button("Unlink from ERP job: LSR-1004 (project 1004)", shows: "Unlink from ERP job");
        (await App.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == lakeside))).ErpJobId.ShouldBe("LSR-1004");

        await admin.SubmitAsync($"{edit}?handler=Unlink", [], edit);

        (await App.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == lakeside))).ErpJobId.ShouldBeNull();
    }

    [Fact]
    public async Task Unlink_WhileTheProjectHasSyncedSubJobs_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        await company.SubJobAsync(project, SubJobState.Synced, code: "PHASE1");
        await company.SubJobAsync(project, SubJobState.Exporting, code: "HELIPAD");
        await company.SubJobAsync(project, SubJobState.ReadyToExport, code: "BLDGA");
        var riverside = project.Id;
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var edit = $"/projects/{riverside}/edit";
        Html.Parse(await admin.GetPageAsync(edit)).QuerySelectorAll("button").ShouldNotContain(b => b.Text() == "Unlink from ERP job");

        var response = await admin.PostAsync($"{edit}?handler=Unlink", [], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage()!.ShouldStartWith("Project 1001 cannot be unlinked: 2 of its sub jobs are synced to, exporting to or Failed to Export to ERP job RMC-1001.");
        (await App.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == riverside))).ErpJobId.ShouldBe("RMC-1001");
    }

    [Fact]
    public async Task UnlinkOrRelink_WhileASubJobFailedToExport_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1004", linked: false);
        var lakeside = project.Id;
        await App.SandboxStore.AddJobAsync(company.Ledger, "LSR-1004", "Lakeside School Renovation");
        await App.SandboxStore.AddJobAsync(company.Ledger, "LSR-2004", "Lakeside School, phase 2");
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var edit = $"/projects/{lakeside}/edit";
        await admin.SubmitAsync($"{edit}?handler=Link", [new("ErpJobId", "LSR-1004")], edit);
        await company.SubJobAsync(project, SubJobState.FailedToExport, code: "GYM", failure: "Job LSR-1004 is closed");

        Html.Parse(await admin.GetPageAsync(edit)).QuerySelectorAll("button").ShouldNotContain(b => b.Text() == "Unlink from ERP job");
        var unlink = await admin.PostAsync($"{edit}?handler=Unlink", [], edit);
        var relink = await admin.PostAsync($"{edit}?handler=Link", [new("ErpJobId", "LSR-2004")], edit);

        unlink.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await unlink.Content.ReadAsStringAsync()).ErrorMessage()!.ShouldStartWith("Project 1004 cannot be unlinked: 1 of its sub jobs is synced to, exporting to or Failed to Export to ERP job LSR-1004. Reject the sub jobs that Failed to Export first");
        relink.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == lakeside))).ErpJobId.ShouldBe("LSR-1004");
    }

    [Fact]
    public async Task AnotherCompanysProject_IsNotFound()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var lodge = (await other.ProjectAsync("2001", "Mountain Lodge", erpJobId: "ML-2001")).Id;
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        (await admin.Client.GetAsync($"/projects/{lodge}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/projects/{lodge}/edit?handler=Unlink", [], "/signout")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        foreach (var who in new[] { company.ReadOnly.Email, company.Standard.Email, company.ProjectManager.Email, company.Approver.Email })
        {
            var someone = await Browser.SignInAsync(App, who);
            (await someone.Client.GetAsync($"/projects/{lodge}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound, who);
        }
    }
}
