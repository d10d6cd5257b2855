using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.Directory;

public sealed class DirectoryTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task DirectoryAdminApprover_GrantsAndRevokesAccountingApproverPrivileges()
    {
        var company = await shared.NewCompanyAsync();
        var sam = await App.UserAsync(company.Standard.Email);
        sam.CanPushToAccounting.ShouldBeFalse();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        Html.Parse(await admin.GetPageAsync("/directory")).Button("Grant Accounting Approver Privileges to Sam Standard", shows: "Grant Accounting Approver Privileges");

        var grant = await admin.PostAsync("/directory?handler=Grant", [new("userId", sam.Id.ToString())], "/directory");

        grant.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.UserAsync(company.Standard.Email)).CanPushToAccounting.ShouldBeTrue();
        var afterGrant = Html.Parse(await admin.GetPageAsync("/directory"));
        afterGrant.Success()!.ShouldStartWith("Sam Standard is now an accounting approver");
        afterGrant.Button("Revoke Accounting Approver Privileges from Sam Standard", shows: "Revoke Accounting Approver Privileges");

        var revoke = await admin.PostAsync("/directory?handler=Revoke", [new("userId", sam.Id.ToString())], "/directory");

        revoke.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.UserAsync(company.Standard.Email)).CanPushToAccounting.ShouldBeFalse();
        Html.Parse(await admin.GetPageAsync("/directory")).Success().ShouldBe("Sam Standard is no longer an accounting approver.");
    }

    [Fact]
    public async Task Directory_ListsTheCompanysUsersWithLevelsAndApproverBadges()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var html = Html.Parse(await admin.GetPageAsync("/directory"));

        Emails(html).ShouldBe([company.Admin.Email, company.Approver.Email, company.Standard.Email, company.ReadOnly.Email, company.ProjectManager.Email], ignoreOrder: true);
        html.Text().ShouldNotContain(other.Approver.Email);
        Cells(Row(html, company.ReadOnly.Email))[2].ShouldBe("Read Only");
        Badges(Row(html, company.Approver.Email)).ShouldBe(["badge approver:Accounting Approver"]);
        Cells(Row(html, company.Approver.Email))[0].ShouldBe("Avery Approver Accounting Approver");
    }

    [Fact]
    public async Task PrivilegeWithoutALevelToUseIt_IsShownPlainly_NotAsAnApproverBadge()
    {
        var company = await shared.NewCompanyAsync();
        var pm = await App.UserAsync(company.ProjectManager.Email);
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        (await admin.PostAsync("/directory?handler=Grant", [new("userId", pm.Id.ToString())], "/directory")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await App.UserAsync(company.ProjectManager.Email)).CanPushToAccounting.ShouldBeTrue();
        var html = Html.Parse(await admin.GetPageAsync("/directory"));
        Badges(Row(html, company.ProjectManager.Email)).ShouldBe(["badge:Can Push to Accounting (needs Standard or higher to approve)"]);
        Badges(Row(html, company.Approver.Email)).ShouldBe(["badge approver:Accounting Approver"]);
    }

    [Fact]
    public async Task AnotherCompanysDirectory_NeverShowsDemoUsers()
    {
        var company = await shared.NewCompanyAsync();
        var otherCompany = await shared.NewCompanyAsync();
        var other = await Browser.SignInAsync(App, otherCompany.Approver.Email);

        var html = Html.Parse(await other.GetPageAsync("/directory"));

        Row(html, otherCompany.Approver.Email);
        Emails(html).ShouldAllBe(e => e.EndsWith($"@{otherCompany.Domain}", StringComparison.Ordinal));
        html.Text().ShouldNotContain($"@{company.Domain}");
    }

    [Fact]
    public async Task ApproverWhoIsNotDirectoryAdmin_SeesNoButtonsAndIsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var sam = await App.UserAsync(company.Standard.Email);
        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        var html = Html.Parse(await approver.GetPageAsync("/directory"));
        Row(html, company.Standard.Email);
        html.ShouldNotHave("button[aria-label^=\"Grant Accounting Approver Privileges\"]");
        html.QuerySelectorAll("button").Select(b => b.Text()).ShouldNotContain("Grant Accounting Approver Privileges");

        var response = await approver.PostAsync("/directory?handler=Grant", [new("userId", sam.Id.ToString())], "/directory");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.UserAsync(company.Standard.Email)).CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public async Task DirectoryAdminWithoutThePrivilege_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var riley = await App.UserAsync(company.ReadOnly.Email);
        await company.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == company.Standard.Id);
            user.IsDirectoryAdmin = true;
            return await db.SaveChangesAsync();
        });
        var directoryAdmin = await Browser.SignInAsync(App, company.Standard.Email);
        Html.Parse(await directoryAdmin.GetPageAsync("/directory")).QuerySelectorAll("button").Select(b => b.Text()).ShouldNotContain("Grant Accounting Approver Privileges");

        var response = await directoryAdmin.PostAsync("/directory?handler=Grant", [new("userId", riley.Id.ToString())], "/directory");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.UserAsync(company.ReadOnly.Email)).CanPushToAccounting.ShouldBeFalse();
    }

    [Fact]
    public async Task AnotherCompanysUserId_IsNotFound()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var olive = await App.UserAsync(other.Approver.Email);
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var response = await admin.PostAsync("/directory?handler=Revoke", [new("userId", olive.Id.ToString())], "/directory");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.UserAsync(other.Approver.Email)).CanPushToAccounting.ShouldBeTrue();
    }

    [Fact]
    public async Task PersonWithoutDirectoryOrErpAccess_CannotOpenTheDirectory()
    {
        var company = await shared.NewCompanyAsync();
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        (await pm.Client.GetAsync("/directory")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static List<string> Emails(AngleSharp.Dom.IParentNode page) => [.. page.QuerySelectorAll("tr[data-email]").Select(r => r.GetAttribute("data-email")!)];

    private static AngleSharp.Dom.IElement Row(AngleSharp.Dom.IParentNode page, string email) => page.One($"tr[data-email=\"{email}\"]");

    private static List<string> Cells(AngleSharp.Dom.IElement row) => [.. row.QuerySelectorAll("td").Select(td => td.Text())];

    /// <summary>Each badge as its class and text.</summary>
    private static List<string> Badges(AngleSharp.Dom.IElement row) => [.. row.QuerySelectorAll(".badge").Select(b => $"{b.GetAttribute("class")}:{b.Text()}")];
}
