using System.Globalization;
using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features;

/// <summary>A form value that cannot be read as its type is refused with 400 and changes nothing, on every page.</summary>
public sealed class UnreadableFormValuesTests
{
    [Fact]
    public async Task EditingASubJob_WithAnUnreadableCostCode_IsRefused_AndKeepsItsCostCodes()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var edit = ProjectAdminKit.EditPath(riverside, mob.Id);

        var response = await pm.PostAsync(
            edit,
            [new("Code", "MOB"), new("Description", mob.Description), new("CostCodeIds", "garbage"), new("Version", mob.Version.ToString(CultureInfo.InvariantCulture))],
            edit);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.TextAsync()).ShouldContain("\"garbage\" is not a valid value for CostCodeIds. Nothing was changed.");
        var after = await app.RequiredSubJobAsync("1001", "MOB");
        after.CostCodes.Select(c => c.CostCodeId).ShouldBe(mob.CostCodes.Select(c => c.CostCodeId), ignoreOrder: true);
        after.CostCodes.ShouldNotBeEmpty();
        after.Actions().ShouldBe(mob.Actions());
    }

    [Fact]
    public async Task CreatingASubJob_WithAnUnreadableCostCode_IsRefused_AndCreatesNothing()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var plumbing = await app.CostCodeIdAsync("22-100");
        var before = await app.SubJobCountAsync("1001");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var create = ProjectAdminKit.NewPath(riverside);

        var response = await pm.PostAsync(create, [.. ProjectAdminKit.SubJobFields("NEWONE", "A new wing", plumbing), new("CostCodeIds", "garbage")], create);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.TextAsync()).ShouldContain("is not a valid value for CostCodeIds");
        (await app.SubJobCountAsync("1001")).ShouldBe(before);
    }

    [Fact]
    public async Task Profile_WithAnUnreadableYesOrNo_IsRefused_AndStaysSubscribed()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        (await app.UserAsync("approver@demo.test")).SubscribeToDigest.ShouldBeTrue();

        var response = await browser.PostFormAsync("/profile", new Dictionary<string, string> { ["SubscribeToDigest"] = "maybe" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.TextAsync()).ShouldContain("\"maybe\" is not a valid value for SubscribeToDigest. Nothing was changed.");
        (await app.UserAsync("approver@demo.test")).SubscribeToDigest.ShouldBeTrue();
    }

    [Fact]
    public async Task BulkAccept_WithAnUnreadableId_IsRefused_AndAcceptsNone()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var bldga = await ErpSubJobs.ErpSubJobsPage.IdOfAsync(app, "BLDGA");

        var response = await ErpSubJobs.ErpSubJobsPage.PostAsync(browser, "BulkAccept", new KeyValuePair<string, string>[] { new("selectedIds", bldga.ToString()), new("selectedIds", "nonsense") });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.TextAsync()).ShouldContain("is not a valid value for selectedIds. Nothing was changed.");
        (await ErpSubJobs.ErpSubJobsPage.StateAsync(app, bldga)).ShouldBe(SubJobState.ReadyToExport);
        (await app.RequestsAsync(bldga)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DirectoryAccess_WithAnUnreadableLevel_IsRefused_AndChangesNothing()
    {
        await using var app = new AppFactory();
        var sam = await app.UserAsync("standard@demo.test");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var page = $"/directory/{sam.Id}";

        var response = await admin.PostAsync($"{page}?handler=Access", [new("erpIntegrationsLevel", "Standard"), new("isDirectoryAdmin", "perhaps")], page);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.TextAsync()).ShouldContain("\"perhaps\" is not a valid value for isDirectoryAdmin. Nothing was changed.");
        (await app.UserAsync("standard@demo.test")).IsDirectoryAdmin.ShouldBeFalse();
    }
}
