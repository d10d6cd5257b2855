using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class EditTests
{
    [Fact]
    public async Task Edit_NotSent_ChangesTheFieldsAndAuditsEdited()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var plumbing = await app.CostCodeIdAsync("22-100");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("MOB2", "Mobile imaging and MRI suite", plumbing), new("Version", mob.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var edited = await app.RequiredSubJobAsync("1001", "MOB2");
        edited.Id.ShouldBe(mob.Id);
        edited.Description.ShouldBe("Mobile imaging and MRI suite");
        edited.CostCodes.Select(c => c.Code).ShouldBe(["22-100"]);
        edited.State.ShouldBe(SubJobState.NotSent);
        edited.Actions().ShouldBe([AuditAction.Created, AuditAction.Edited]);
        edited.History.OrderBy(h => h.Id).Last().Details!.ShouldContain("code MOB → MOB2");
        (await pm.PageTextAsync(ProjectAdminKit.DetailsPath(riverside, mob.Id))).ShouldContain("Sub job MOB2 was saved.");
    }

    [Fact]
    public async Task Edit_SavedUnchanged_WritesNoAuditEntryAndKeepsTheVersion()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields(mob.Code, mob.Description, [.. mob.CostCodes.Select(c => c.CostCodeId)]), new("Version", mob.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await app.RequiredSubJobAsync("1001", "MOB");
        after.Version.ShouldBe(mob.Version);
        after.Actions().ShouldBe(mob.Actions());
        (await pm.PageTextAsync(ProjectAdminKit.DetailsPath(riverside, mob.Id))).ShouldContain("Sub job MOB had no changes to save.");
    }

    [Fact]
    public async Task Edit_WhileReadyToExport_IsRefusedAndChangesNothing()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var bldga = await app.RequiredSubJobAsync("1001", "BLDGA");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var edit = ProjectAdminKit.EditPath(riverside, bldga.Id);
        (await pm.PageTextAsync(edit)).ShouldContain("locked while accounting reviews it");

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("BLDGA", "Changed behind the approver's back", bldga.CostCodes.Select(c => c.CostCodeId).ToArray()), new("Version", bldga.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.TextAsync()).ShouldContain("This sub job is Ready to Export and locked while accounting reviews it. Retrieve it from ERP first to edit it.");
        var after = await app.RequiredSubJobAsync("1001", "BLDGA");
        after.Description.ShouldBe(bldga.Description);
        after.Actions().ShouldBe(bldga.Actions());
    }

    [Fact]
    public async Task Edit_Synced_ChangesOnlyTheCostCodes()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var phase1 = await app.RequiredSubJobAsync("1001", "PHASE1");
        var general = await app.CostCodeIdAsync("01-100");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var edit = ProjectAdminKit.EditPath(riverside, phase1.Id);
        var version = new KeyValuePair<string, string>("Version", phase1.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var renamed = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("PHASE1X", phase1.Description, general), version], edit);
        renamed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await renamed.TextAsync()).ShouldContain("The code and description of a synced sub job can no longer be edited");

        var costCodesOnly = await pm.PostAsync(edit, [new("CostCodeIds", general.ToString()), version], edit);
        costCodesOnly.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await app.RequiredSubJobAsync("1001", "PHASE1");
        after.State.ShouldBe(SubJobState.Synced);
        after.Description.ShouldBe(phase1.Description);
        after.CostCodes.Select(c => c.Code).ShouldBe(["01-100"]);
        after.Actions().Last().ShouldBe(AuditAction.Edited);
    }

    [Fact]
    public async Task Edit_OfAnImportedSubJobWithAHyphenInItsCode_ChangesItsCostCodes()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        await app.SandboxStore.AddSubJobAsync(DemoSeeder.DemoLedger, new("", "RMC-1001", "ICU-2", "Intensive care unit", null, ["22-100"]), app.Now);
        var approver = await Browser.SignInAsync(app, "approver@demo.test");
        var added = await ErpSubJobs.ErpSubJobsPage.PostAsync(
            approver, "AddToProject", new Dictionary<string, string> { ["projectId"] = riverside.ToString(), ["erpJobId"] = "ICU-2" }, "ready-to-import");
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var imported = await app.RequiredSubJobAsync("1001", "ICU-2");
        var general = await app.CostCodeIdAsync("01-100");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var edit = ProjectAdminKit.EditPath(riverside, imported.Id);

        var response = await pm.PostAsync(
            edit,
            [new("CostCodeIds", general.ToString()), new("Version", imported.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await app.RequiredSubJobAsync("1001", "ICU-2");
        after.State.ShouldBe(SubJobState.Synced);
        after.CostCodes.Select(c => c.Code).ShouldBe(["01-100"]);
        after.Actions().Last().ShouldBe(AuditAction.Edited);
    }

    [Fact]
    public async Task Edit_ToAnotherSubJobsCode_ShowsTheFieldError()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("BLDGA", mob.Description), new("Version", mob.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await response.TextAsync(), "Code").ShouldBe("This project already has a sub job with the code BLDGA.");
        (await app.RequiredSubJobAsync("1001", "MOB")).Actions().ShouldBe([AuditAction.Created]);
    }

    [Fact]
    public async Task Edit_OfAVersionSomeoneElseChanged_ShowsTheConcurrentChange()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);
        var stale = (mob.Version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await pm.PostAsync(edit, [.. ProjectAdminKit.SubJobFields("MOB", "Overwrites a newer version"), new("Version", stale)], edit);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.TextAsync()).ShouldContain(Problems.ConcurrentChange);
        (await app.RequiredSubJobAsync("1001", "MOB")).Description.ShouldBe(mob.Description);
    }
}
