using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class EditTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Edit_NotSent_ChangesTheFieldsAndAuditsEdited()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var riverside = project.Id;
        await company.SubJobAsync(project, SubJobState.NotSent, code: "MOB", description: "Mobilization", costCodes: ["01-100", "26-050"]);
        var mob = await App.RequiredSubJobAsync(riverside, "MOB");
        var plumbing = await company.CostCodeIdAsync("22-100");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("MOB2", "Mobile imaging and MRI suite", plumbing), new("Version", mob.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var edited = await App.RequiredSubJobAsync(riverside, "MOB2");
        edited.Id.ShouldBe(mob.Id);
        edited.Description.ShouldBe("Mobile imaging and MRI suite");
        edited.CostCodes.Select(c => c.Code).ShouldBe(["22-100"]);
        edited.State.ShouldBe(SubJobState.NotSent);
        edited.Actions().ShouldBe([AuditAction.Created, AuditAction.Edited]);
        edited.History.OrderBy(h => h.Id).Last().Details!.ShouldContain("code MOB → MOB2");
        Html.Parse(await pm.GetPageAsync(ProjectAdminKit.DetailsPath(riverside, mob.Id))).Success().ShouldBe("Sub job MOB2 was saved.");
    }

    [Fact]
    public async Task Edit_SavedUnchanged_WritesNoAuditEntryAndKeepsTheVersion()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var riverside = project.Id;
        await company.SubJobAsync(project, SubJobState.NotSent, code: "MOB", description: "Mobilization", costCodes: ["01-100", "26-050"]);
        var mob = await App.RequiredSubJobAsync(riverside, "MOB");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields(mob.Code, mob.Description, [.. mob.CostCodes.Select(c => c.CostCodeId)]), new("Version", mob.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await App.RequiredSubJobAsync(riverside, "MOB");
        after.Version.ShouldBe(mob.Version);
        after.Actions().ShouldBe(mob.Actions());
        Html.Parse(await pm.GetPageAsync(ProjectAdminKit.DetailsPath(riverside, mob.Id))).Success().ShouldBe("Sub job MOB had no changes to save.");
    }

    [Fact]
    public async Task Edit_WhileReadyToExport_IsRefusedAndChangesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var riverside = project.Id;
        await company.SubJobAsync(project, SubJobState.ReadyToExport, code: "BLDGA", description: "Building A - patient tower", costCodes: ["01-100", "26-050"]);
        var bldga = await App.RequiredSubJobAsync(riverside, "BLDGA");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var edit = ProjectAdminKit.EditPath(riverside, bldga.Id);
        Html.Parse(await pm.GetPageAsync(edit)).One(".alert.info[role=note]").Text().ShouldBe("This sub job is Ready to Export and locked while accounting reviews it. Retrieve it from ERP first to edit it.");

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("BLDGA", "Changed behind the approver's back", bldga.CostCodes.Select(c => c.CostCodeId).ToArray()), new("Version", bldga.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("This sub job is Ready to Export and locked while accounting reviews it. Retrieve it from ERP first to edit it.");
        var after = await App.RequiredSubJobAsync(riverside, "BLDGA");
        after.Description.ShouldBe(bldga.Description);
        after.Actions().ShouldBe(bldga.Actions());
    }

    [Fact]
    public async Task Edit_Synced_ChangesOnlyTheCostCodes()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var riverside = project.Id;
        await company.SubJobAsync(project, SubJobState.Synced, code: "PHASE1", description: "Phase 1 - foundations", costCodes: ["01-100", "26-050"]);
        var phase1 = await App.RequiredSubJobAsync(riverside, "PHASE1");
        var general = await company.CostCodeIdAsync("01-100");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var edit = ProjectAdminKit.EditPath(riverside, phase1.Id);
        var version = new KeyValuePair<string, string>("Version", phase1.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var renamed = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("PHASE1X", phase1.Description, general), version], edit);
        renamed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await renamed.Content.ReadAsStringAsync()).Text().ShouldContain("The code and description of a synced sub job can no longer be edited");

        var costCodesOnly = await pm.PostAsync(edit, [new("CostCodeIds", general.ToString()), version], edit);
        costCodesOnly.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await App.RequiredSubJobAsync(riverside, "PHASE1");
        after.State.ShouldBe(SubJobState.Synced);
        after.Description.ShouldBe(phase1.Description);
        after.CostCodes.Select(c => c.Code).ShouldBe(["01-100"]);
        after.Actions().Last().ShouldBe(AuditAction.Edited);
    }

    [Fact]
    public async Task Edit_OfAnImportedSubJobWithAHyphenInItsCode_ChangesItsCostCodes()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var riverside = project.Id;
        await company.ErpOnlySubJobAsync(project, "ICU-2", "Intensive care unit", "22-100");
        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        var added = await ErpSubJobs.ErpSubJobsPage.PostAsync(
            approver, "AddToProject", new Dictionary<string, string> { ["projectId"] = riverside.ToString(), ["erpJobId"] = "ICU-2" }, "ready-to-import");
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var imported = await App.RequiredSubJobAsync(riverside, "ICU-2");
        var general = await company.CostCodeIdAsync("01-100");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var edit = ProjectAdminKit.EditPath(riverside, imported.Id);

        var response = await pm.PostAsync(
            edit,
            [new("CostCodeIds", general.ToString()), new("Version", imported.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await App.RequiredSubJobAsync(riverside, "ICU-2");
        after.State.ShouldBe(SubJobState.Synced);
        after.CostCodes.Select(c => c.Code).ShouldBe(["01-100"]);
        after.Actions().Last().ShouldBe(AuditAction.Edited);
    }

    [Fact]
    public async Task Edit_ToAnotherSubJobsCode_ShowsTheFieldError()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var riverside = project.Id;
        await company.SubJobAsync(project, code: "BLDGA");
        await company.SubJobAsync(project, SubJobState.NotSent, code: "MOB", description: "Mobilization", costCodes: ["01-100", "26-050"]);
        var mob = await App.RequiredSubJobAsync(riverside, "MOB");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("BLDGA", mob.Description), new("Version", mob.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await response.TextAsync(), "Code").ShouldBe("This project already has a sub job with the code BLDGA.");
        (await App.RequiredSubJobAsync(riverside, "MOB")).Actions().ShouldBe([AuditAction.Created]);
    }

    [Fact]
    public async Task Edit_OfAVersionSomeoneElseChanged_ShowsTheConcurrentChange()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var riverside = project.Id;
        await company.SubJobAsync(project, SubJobState.NotSent, code: "MOB", description: "Mobilization", costCodes: ["01-100", "26-050"]);
        var mob = await App.RequiredSubJobAsync(riverside, "MOB");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);
        var stale = (mob.Version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("MOB", "Overwrites a newer version"), new("Version", stale)], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain(Problems.ConcurrentChange);
        (await App.RequiredSubJobAsync(riverside, "MOB")).Description.ShouldBe(mob.Description);
    }
}
