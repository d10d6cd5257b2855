using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.Directory;

public sealed class DirectoryTests
{
    [Fact]
    public async Task DirectoryAdminApprover_GrantsAndRevokesAccountingApproverPrivileges()
    {
        await using var app = new AppFactory();
        var sam = await app.UserAsync("standard@demo.test");
        sam.CanPushToAccounting.ShouldBeFalse();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        (await admin.PageTextAsync("/directory")).ShouldContain("aria-label=\"Grant Accounting Approver Privileges to Sam Standard\">Grant Accounting Approver Privileges</button>");

        var grant = await admin.PostAsync("/directory?handler=Grant", [new("userId", sam.Id.ToString())], "/directory");

        grant.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.UserAsync("standard@demo.test")).CanPushToAccounting.ShouldBeTrue();
        var afterGrant = await admin.PageTextAsync("/directory");
        afterGrant.ShouldContain("Sam Standard is now an accounting approver");
        afterGrant.ShouldContain("aria-label=\"Revoke Accounting Approver Privileges from Sam Standard\">Revoke Accounting Approver Privileges</button>");

        var revoke = await admin.PostAsync("/directory?handler=Revoke", [new("userId", sam.Id.ToString())], "/directory");

        revoke.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.UserAsync("standard@demo.test")).CanPushToAccounting.ShouldBeFalse();
        (await admin.PageTextAsync("/directory")).ShouldContain("Sam Standard is no longer an accounting approver.");
    }

    [Fact]
    public async Task Directory_ListsTheCompanysUsersWithLevelsAndApproverBadges()
    {
        await using var app = new AppFactory();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        var html = await admin.PageTextAsync("/directory");

        foreach (var email in new[] { "admin@demo.test", "approver@demo.test", "standard@demo.test", "readonly@demo.test", "pm@demo.test" })
        {
            html.ShouldContain($"data-email=\"{email}\"");
        }

        html.ShouldNotContain("approver@other.test");
        html.ShouldNotContain("Olive Other");
        html.ShouldContain("<td>Read Only</td>");
        html.ShouldContain("Avery Approver\n                            <span class=\"badge approver\">Accounting Approver</span>");
    }

    [Fact]
    public async Task PrivilegeWithoutALevelToUseIt_IsShownPlainly_NotAsAnApproverBadge()
    {
        await using var app = new AppFactory();
        var pm = await app.UserAsync("pm@demo.test");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        (await admin.PostAsync("/directory?handler=Grant", [new("userId", pm.Id.ToString())], "/directory")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await app.UserAsync("pm@demo.test")).CanPushToAccounting.ShouldBeTrue();
        var html = await admin.PageTextAsync("/directory");
        var row = html[html.IndexOf("data-email=\"pm@demo.test\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        row.ShouldNotContain("Accounting Approver</span>");
        row.ShouldContain("<span class=\"badge\">Can Push to Accounting (needs Standard or higher to approve)</span>");
        html.ShouldContain("Avery Approver\n                            <span class=\"badge approver\">Accounting Approver</span>");
    }

    [Fact]
    public async Task AnotherCompanysDirectory_NeverShowsDemoUsers()
    {
        await using var app = new AppFactory();
        var other = await Browser.SignInAsync(app, "approver@other.test");

        var html = await other.PageTextAsync("/directory");

        html.ShouldContain("data-email=\"approver@other.test\"");
        html.ShouldNotContain("@demo.test");
    }

    [Fact]
    public async Task ApproverWhoIsNotDirectoryAdmin_SeesNoButtonsAndIsRefused()
    {
        await using var app = new AppFactory();
        var sam = await app.UserAsync("standard@demo.test");
        var approver = await Browser.SignInAsync(app, "approver@demo.test");
        var html = await approver.PageTextAsync("/directory");
        html.ShouldContain("data-email=\"standard@demo.test\"");
        html.ShouldNotContain("Grant Accounting Approver Privileges</button>");

        var response = await approver.PostAsync("/directory?handler=Grant", [new("userId", sam.Id.ToString())], "/directory");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.UserAsync("standard@demo.test")).CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public async Task DirectoryAdminWithoutThePrivilege_IsRefused()
    {
        await using var app = new AppFactory();
        var riley = await app.UserAsync("readonly@demo.test");
        await app.WithDbAsync(riley.CompanyId, async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "standard@demo.test");
            user.IsDirectoryAdmin = true;
            return await db.SaveChangesAsync();
        });
        var directoryAdmin = await Browser.SignInAsync(app, "standard@demo.test");
        (await directoryAdmin.PageTextAsync("/directory")).ShouldNotContain("Grant Accounting Approver Privileges</button>");

        var response = await directoryAdmin.PostAsync("/directory?handler=Grant", [new("userId", riley.Id.ToString())], "/directory");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.UserAsync("readonly@demo.test")).CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public async Task AnotherCompanysUserId_IsNotFound()
    {
        await using var app = new AppFactory();
        var olive = await app.UserAsync("approver@other.test");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        var response = await admin.PostAsync("/directory?handler=Revoke", [new("userId", olive.Id.ToString())], "/directory");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.UserAsync("approver@other.test")).CanPushToAccounting.ShouldBeTrue();
    }

    [Fact]
    public async Task PersonWithoutDirectoryOrErpAccess_CannotOpenTheDirectory()
    {
        await using var app = new AppFactory();
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        (await pm.Client.GetAsync("/directory")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
