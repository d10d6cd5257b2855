using System.Net;
using System.Text.RegularExpressions;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.Directory;
using ErpIntegrations.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.Directory;

public sealed partial class ManageUsersTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task DirectoryAdmin_AddsAUserWithASetPasswordLink_WhichWorksOnce()
    {
        var company = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var response = await admin.SubmitAsync("/directory/new", [
            new("Name", "Nora New"), new("Email", company.Email("nora")), new("ErpIntegrationsLevel", "Standard"),
            new("IsDirectoryAdmin", "false"), new("PasswordChoice", "link")]);

        response.Headers.Location!.ToString().ShouldBe("/directory");
        var directory = Html.Parse(await admin.GetPageAsync("/directory"));
        directory.Success().ShouldBe($"Nora New was added. A one-time link to set their password was emailed to {company.Email("nora")}.");
        directory.One($"tr[data-email=\"{company.Email("nora")}\"]");
        var nora = await App.UserAsync(company.Email("nora"));
        nora.CompanyId.ShouldBe(company.Id);
        nora.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Standard);
        nora.CanPushToAccounting.ShouldBeFalse();
        nora.PasswordHash.ShouldBeNull();
        var email = await App.WithDbAsync(Guid.Empty, db => db.OutboxEmails.IgnoreQueryFilters().SingleAsync(e => e.ToAddress == company.Email("nora")));
        email.Kind.ShouldBe(EmailKind.SetPassword);
        email.Status.ShouldBe(EmailStatus.Pending);
        email.TextBody.ShouldContain($"Alex Admin gave you access to ERP Integrations at {company.Name}.");
        var link = LinkPattern().Match(email.TextBody).Groups[1].Value;
        link.ShouldStartWith("/set-password?user=");
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];

        await App.EmailSender.RunOnceAsync();
        var sent = await App.WithDbAsync(Guid.Empty, db => db.OutboxEmails.IgnoreQueryFilters().SingleAsync(e => e.ToAddress == company.Email("nora")));
        sent.Status.ShouldBe(EmailStatus.Sent);
        sent.TextBody.ShouldNotContain(token, customMessage: "the outbox forgets the one-time token once the email has left");
        sent.HtmlBody.ShouldNotContain(token);
        sent.TextBody.ShouldContain("token=removed-once-sent");
        System.IO.Directory.GetFiles(Path.Combine(App.DataDirectory, "mail"), "*.eml").Select(f => MimeKit.MimeMessage.Load(f).TextBody)
            .ShouldContain(body => body != null && body.Contains(token, StringComparison.Ordinal), "the message itself carried the link");

        var nobody = Browser.Anonymous(App);
        Html.Parse(await nobody.GetPageAsync(link)).One("h1").Text().ShouldBe("Set your password");
        var set = await nobody.PostFormAsync(link, new Dictionary<string, string> { ["Password"] = "Nora-New-2026!", ["ConfirmPassword"] = "Nora-New-2026!" });

        set.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Html.Parse(await nobody.GetPageAsync("/signin")).Success().ShouldBe($"Your password is set. Sign in with {company.Email("nora")}.");
        await Browser.SignInAsync(App, company.Email("nora"), "Nora-New-2026!");

        var reused = await nobody.PostFormAsync(link, new Dictionary<string, string> { ["Password"] = "Other-Pass-2026!", ["ConfirmPassword"] = "Other-Pass-2026!" });
        reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await reused.Content.ReadAsStringAsync()).Text().ShouldContain("This link has expired or has already been used.");
        await Browser.SignInAsync(App, company.Email("nora"), "Nora-New-2026!");
    }

    [Fact]
    public async Task AddUser_WithAnEmailInUse_OrNoPassword_ShowsTheMessagesBesideTheFields()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var response = await admin.PostAsync("/directory/new", [
            new("Name", ""), new("Email", other.Approver.Email), new("ErpIntegrationsLevel", "None"), new("PasswordChoice", "password"), new("Password", "")], "/directory/new");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.TextAsync();
        ProjectAdminKit.FieldError(html, "Name").ShouldBe("Enter the person's name.");
        ProjectAdminKit.FieldError(html, "Password").ShouldBe("Enter an initial password, or choose to send a set-password link by email.");

        var duplicate = await admin.PostAsync("/directory/new", [
            new("Name", "Copy"), new("Email", other.Approver.Email), new("ErpIntegrationsLevel", "None"), new("PasswordChoice", "password"), new("Password", "Copy-Cat-2026!")], "/directory/new");

        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await duplicate.TextAsync(), "Email").ShouldBe("This email cannot be used. Enter another email address.");
        (await App.WithDbAsync(Guid.Empty, db => db.Users.CountAsync(u => u.Email == other.Approver.Email))).ShouldBe(1);
    }

    [Fact]
    public async Task AddUser_WithAnotherCompanysEmail_SaysOnlyThatItCannotBeUsed_WhileOneOfTheirOwnIsNamed()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Admin.Email);

        var foreign = await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "Copy", email = other.Approver.Email.ToUpperInvariant(), password = "Copy-Cat-2026!" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "email");
        var own = await (await api.PostJsonAsync("/api/v1/directory/users", new { name = "Copy", email = company.Approver.Email, password = "Copy-Cat-2026!" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "email");

        foreign.GetProperty("errors").GetProperty("email")[0].GetString().ShouldBe("This email cannot be used. Enter another email address.");
        foreign.ToString().ShouldNotContain(other.Name);
        foreign.ToString().ShouldNotContain(other.Approver.Name);
        own.GetProperty("errors").GetProperty("email")[0].GetString().ShouldBe("Avery Approver already signs in with this email; each person signs in with their own email.");
        (await App.WithDbAsync(Guid.Empty, db => db.Users.CountAsync(u => u.Email == other.Approver.Email))).ShouldBe(1);
    }

    [Fact]
    public async Task NotADirectoryAdmin_CannotAddOrChangeUsers()
    {
        var company = await shared.NewCompanyAsync();
        var sam = await App.UserAsync(company.Standard.Email);
        var riverside = (await company.ProjectAsync("1001")).Id;
        var approver = await Browser.SignInAsync(App, company.Approver.Email);

        (await approver.Client.GetAsync("/directory/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.Client.GetAsync($"/directory/{sam.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        Html.Parse(await approver.GetPageAsync("/directory")).HasLinkTo("/directory/new").ShouldBeFalse();
        var token = "/signout";
        (await approver.PostAsync("/directory/new", [new("Name", "X"), new("Email", company.Email("x")), new("ErpIntegrationsLevel", "Admin"), new("PasswordChoice", "password"), new("Password", "Xx-2026-pass!")], token))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.PostAsync($"/directory/{sam.Id}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "true")], token))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.PostAsync($"/directory/{sam.Id}?handler=ProjectLevel", [new("projectId", riverside.ToString()), new("level", "Admin")], token))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.PostAsync($"/directory/{sam.Id}?handler=Deactivate", [], token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var after = await App.UserAsync(company.Standard.Email);
        after.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Standard);
        after.IsDirectoryAdmin.ShouldBeFalse();
        after.IsActive.ShouldBeTrue();
        (await App.WithDbAsync(Guid.Empty, db => db.Users.AnyAsync(u => u.Email == company.Email("x")))).ShouldBeFalse();
        (await App.WithDbAsync(Guid.Empty, db => db.ProjectPermissions.AnyAsync(p => p.UserId == sam.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task DirectoryAdmin_SetsErpIntegrationsLevel_DirectoryAdminFlag_AndProjectLevels()
    {
        var company = await shared.NewCompanyAsync();
        var sam = await App.UserAsync(company.Standard.Email);
        var harbor = (await company.ProjectAsync("1002", "Harbor View Apartments")).Id;
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var page = $"/directory/{sam.Id}";
        Html.Parse(await admin.GetPageAsync(page)).One("[aria-label=\"Admin tool level on project 1002 Harbor View Apartments\"]");

        await admin.SubmitAsync($"{page}?handler=Access", [new("erpIntegrationsLevel", "ReadOnly"), new("isDirectoryAdmin", "true"), new("isDirectoryAdmin", "false")], page);
        await admin.SubmitAsync($"{page}?handler=ProjectLevel", [new("projectId", harbor.ToString()), new("level", "Admin")], page);

        var changed = await App.UserAsync(company.Standard.Email);
        changed.ErpIntegrationsLevel.ShouldBe(PermissionLevel.ReadOnly);
        changed.IsDirectoryAdmin.ShouldBeTrue();
        Html.Parse(await admin.GetPageAsync(page)).Success().ShouldBe("Sam Standard now has 'Admin' on the Admin tool of project 1002 Harbor View Apartments.");
        var samBrowser = await Browser.SignInAsync(App, company.Standard.Email);
        Html.Parse(await samBrowser.GetPageAsync("/projects")).HasLinkTo(ProjectAdminKit.SubJobsPath(harbor)).ShouldBeTrue();

        await admin.SubmitAsync($"{page}?handler=ProjectLevel", [new("projectId", harbor.ToString()), new("level", "None")], page);

        (await App.WithDbAsync(Guid.Empty, db => db.ProjectPermissions.AnyAsync(p => p.UserId == sam.Id && p.ProjectId == harbor))).ShouldBeFalse();
        (await samBrowser.Client.GetAsync(ProjectAdminKit.SubJobsPath(harbor))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheLastDirectoryAdmin_CannotBeRemoved()
    {
        var company = await shared.NewCompanyAsync();
        var alex = await App.UserAsync(company.Admin.Email);
        var sam = await App.UserAsync(company.Standard.Email);
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var alexPage = $"/directory/{alex.Id}";

        var response = await admin.PostAsync($"{alexPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "false")], alexPage);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await response.TextAsync()).ShouldBe("Alex Admin is the company's last Directory Admin and cannot stop being a Directory Admin. Make another user a Directory Admin first.");
        (await App.UserAsync(company.Admin.Email)).IsDirectoryAdmin.ShouldBeTrue();

        var self = await admin.PostAsync($"{alexPage}?handler=Deactivate", [], alexPage);
        self.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.UserAsync(company.Admin.Email)).IsActive.ShouldBeTrue();

        var samPage = $"/directory/{sam.Id}";
        await admin.SubmitAsync($"{samPage}?handler=Access", [new("erpIntegrationsLevel", "Standard"), new("isDirectoryAdmin", "true")], samPage);
        var lastGranter = await admin.PostAsync($"{alexPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "false")], alexPage);
        lastGranter.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await lastGranter.TextAsync()).ShouldStartWith("Alex Admin is the company's last Directory Admin who can grant accounting approver privileges");
        await admin.SubmitAsync("/directory?handler=Grant", [new("userId", sam.Id.ToString())], "/directory");
        await admin.SubmitAsync($"{alexPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "false")], alexPage);

        (await App.UserAsync(company.Admin.Email)).IsDirectoryAdmin.ShouldBeFalse();
        var samBrowser = await Browser.SignInAsync(App, company.Standard.Email);
        var refused = await samBrowser.PostAsync($"{samPage}?handler=Access", [new("erpIntegrationsLevel", "Standard"), new("isDirectoryAdmin", "false")], samPage);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await refused.TextAsync()).ShouldBe("Sam Standard is the company's last Directory Admin and cannot stop being a Directory Admin. Make another user a Directory Admin first.");
    }

    [Fact]
    public async Task TwoDirectoryAdmins_DeactivatingEachOtherAtTheSameInstant_LeaveOneDirectoryAdmin()
    {
        var company = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var avery = await App.UserAsync(company.Approver.Email);
        var averyPage = $"/directory/{avery.Id}";
        await admin.SubmitAsync($"{averyPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "true")], averyPage);
        var companyId = company.Id;
        var alexActor = (await App.UserAsync(company.Admin.Email)).ToActor();
        var averyActor = (await App.UserAsync(company.Approver.Email)).ToActor();

        // The Deactivate handler's steps, interleaved: both count the other admins before either saves.
        await using var first = App.ScopeFor(companyId, out var db1);
        await using var second = App.ScopeFor(companyId, out var db2);
        await DirectoryAdmin.GuardDirectoryAsync(db1, companyId, CancellationToken.None);
        await DirectoryAdmin.GuardDirectoryAsync(db2, companyId, CancellationToken.None);
        var averyInFirst = await db1.Users.SingleAsync(u => u.Id == avery.Id);
        var alexInSecond = await db2.Users.SingleAsync(u => u.Id == alexActor.UserId);
        averyInFirst.Deactivate(await DirectoryAdmin.OtherActiveDirectoryAdminsAsync(db1, averyInFirst, CancellationToken.None), await DirectoryAdmin.OtherGrantersAsync(db1, averyInFirst, CancellationToken.None), alexActor);
        alexInSecond.Deactivate(await DirectoryAdmin.OtherActiveDirectoryAdminsAsync(db2, alexInSecond, CancellationToken.None), await DirectoryAdmin.OtherGrantersAsync(db2, alexInSecond, CancellationToken.None), averyActor);

        await db1.SaveChangesAsync();
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());

        (await App.UserAsync(company.Approver.Email)).IsActive.ShouldBeFalse();
        (await App.UserAsync(company.Admin.Email)).IsActive.ShouldBeTrue();
        var refused = await admin.PostAsync($"/directory/{alexActor.UserId}?handler=Deactivate", [], $"/directory/{alexActor.UserId}");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task InvalidAccessLevels_AreRefused_AndChangeNothing()
    {
        var company = await shared.NewCompanyAsync();
        var riley = await App.UserAsync(company.ReadOnly.Email);
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var page = $"/directory/{riley.Id}";

        foreach (var level in new[] { "Bogus", "7", "" })
        {
            var response = await admin.PostAsync($"{page}?handler=Access", [new("erpIntegrationsLevel", level), new("isDirectoryAdmin", "false")], page);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"level '{level}'");
        }

        (await App.UserAsync(company.ReadOnly.Email)).ErpIntegrationsLevel.ShouldBe(ErpIntegrations.Web.Domain.PermissionLevel.ReadOnly);
    }

    [Fact]
    public async Task ADeactivatedDirectoryAdmin_DoesNotCountAsAnotherDirectoryAdmin()
    {
        var company = await shared.NewCompanyAsync();
        var alex = await App.UserAsync(company.Admin.Email);
        var sam = await App.UserAsync(company.Standard.Email);
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var samPage = $"/directory/{sam.Id}";
        var alexPage = $"/directory/{alex.Id}";
        await admin.SubmitAsync($"{samPage}?handler=Access", [new("erpIntegrationsLevel", "Standard"), new("isDirectoryAdmin", "true")], samPage);
        await admin.SubmitAsync($"{samPage}?handler=Deactivate", [], samPage);

        var response = await admin.PostAsync($"{alexPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "false")], alexPage);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.UserAsync(company.Admin.Email)).IsDirectoryAdmin.ShouldBeTrue();
    }

    [Fact]
    public async Task ADeactivatedUser_CannotSignIn_AndTheirOpenSessionStopsWorking_UntilReactivated()
    {
        var company = await shared.NewCompanyAsync();
        var sam = await App.UserAsync(company.Standard.Email);
        var samBrowser = await Browser.SignInAsync(App, company.Standard.Email);
        (await samBrowser.Client.GetAsync("/erp-integrations/sub-jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var samPage = $"/directory/{sam.Id}";

        await admin.SubmitAsync($"{samPage}?handler=Deactivate", [], samPage);

        var deactivated = await App.UserAsync(company.Standard.Email);
        deactivated.IsActive.ShouldBeFalse();
        deactivated.SecurityStamp.ShouldNotBe(sam.SecurityStamp);
        Html.Parse(await admin.GetPageAsync(samPage)).Success().ShouldBe("Sam Standard was deactivated: they can no longer sign in, and their history stays.");
        Html.Parse(await admin.GetPageAsync("/directory")).One($"tr[data-user=\"{sam.Id}\"]").QuerySelectorAll("td").Select(td => td.Text()).ShouldContain("Deactivated");

        var open = await samBrowser.Client.GetAsync("/erp-integrations/sub-jobs");
        open.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        open.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("erp-integrations=;", StringComparison.Ordinal));
        var next = await samBrowser.Client.GetAsync("/erp-integrations/sub-jobs");
        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        next.Headers.Location!.ToString().ShouldContain("/signin");

        var signIn = await Browser.Anonymous(App).PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = company.Standard.Email, ["Password"] = "Demo123!" });
        signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Parse(await signIn.Content.ReadAsStringAsync()).One("[role=alert]").Text().ShouldBe("Your account has been deactivated. Ask your company's Directory Admin if you need access again.");
        var wrongPassword = await Browser.Anonymous(App).PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = company.Standard.Email, ["Password"] = "Wrong123!" });
        Html.Parse(await wrongPassword.Content.ReadAsStringAsync()).One("[role=alert]").Text().ShouldBe("The email or password is not correct, or the account is locked for 15 minutes after too many failed sign-ins.");

        await admin.SubmitAsync($"{samPage}?handler=Reactivate", [], samPage);

        (await App.UserAsync(company.Standard.Email)).IsActive.ShouldBeTrue();
        var back = await Browser.SignInAsync(App, company.Standard.Email);
        (await back.Client.GetAsync("/erp-integrations/sub-jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeactivatingAUser_KeepsTheirHistory()
    {
        var company = await shared.NewCompanyAsync();
        var mobId = await company.SubJobAsync(await company.ProjectAsync("1001"), SubJobState.ReadyToExport, code: "MOB");
        var pat = await App.UserAsync(company.ProjectManager.Email);
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var before = await App.WithDbAsync(Guid.Empty, db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.ActorId == pat.Id));
        before.ShouldBeGreaterThan(0);

        await admin.SubmitAsync($"/directory/{pat.Id}?handler=Deactivate", [], $"/directory/{pat.Id}");

        (await App.WithDbAsync(Guid.Empty, db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.ActorId == pat.Id))).ShouldBe(before);
        var mob = await App.SubJobAsync(mobId);
        Html.Parse(await admin.GetPageAsync(ProjectAdminKit.DetailsPath(mob.ProjectId, mob.Id))).Text().ShouldContain("Pat Project-Manager");
    }

    [Fact]
    public async Task AnotherCompanysUser_IsNotFound()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var olive = await App.UserAsync(other.Approver.Email);
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        (await admin.Client.GetAsync($"/directory/{olive.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/directory/{olive.Id}?handler=Deactivate", [], "/signout")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.UserAsync(other.Approver.Email)).IsActive.ShouldBeTrue();
    }

    [GeneratedRegex("Set your password: https?://[^/]+(/set-password\\?[^\\s]+)")]
    private static partial Regex LinkPattern();
}
