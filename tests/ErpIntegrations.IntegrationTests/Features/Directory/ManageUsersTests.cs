using System.Net;
using System.Text.RegularExpressions;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.Directory;
using ErpIntegrations.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.Directory;

public sealed partial class ManageUsersTests
{
    [Fact]
    public async Task DirectoryAdmin_AddsAUserWithASetPasswordLink_WhichWorksOnce()
    {
        await using var app = new AppFactory();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        var response = await admin.SubmitAsync("/directory/new", [
            new("Name", "Nora New"), new("Email", "nora@demo.test"), new("ErpIntegrationsLevel", "Standard"),
            new("IsDirectoryAdmin", "false"), new("PasswordChoice", "link")]);

        response.Headers.Location!.ToString().ShouldBe("/directory");
        var directory = await admin.PageTextAsync("/directory");
        directory.ShouldContain("Nora New was added. A one-time link to set their password was emailed to nora@demo.test.");
        directory.ShouldContain("data-email=\"nora@demo.test\"");
        var nora = await app.UserAsync("nora@demo.test");
        nora.CompanyId.ShouldBe((await app.CompanyAsync(DemoData.Demo)).Id);
        nora.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Standard);
        nora.CanPushToAccounting.ShouldBeFalse();
        nora.PasswordHash.ShouldBeNull();
        var email = await app.WithDbAsync(Guid.Empty, db => db.OutboxEmails.IgnoreQueryFilters().SingleAsync(e => e.ToAddress == "nora@demo.test"));
        email.Kind.ShouldBe(EmailKind.SetPassword);
        email.Status.ShouldBe(EmailStatus.Pending);
        email.TextBody.ShouldContain("Alex Admin gave you access to ERP Integrations at Demo Construction Co.");
        var link = LinkPattern().Match(email.TextBody).Groups[1].Value;
        link.ShouldStartWith("/set-password?user=");
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];

        await app.EmailSender.RunOnceAsync();
        var sent = await app.WithDbAsync(Guid.Empty, db => db.OutboxEmails.IgnoreQueryFilters().SingleAsync(e => e.ToAddress == "nora@demo.test"));
        sent.Status.ShouldBe(EmailStatus.Sent);
        sent.TextBody.ShouldNotContain(token, customMessage: "the outbox forgets the one-time token once the email has left");
        sent.HtmlBody.ShouldNotContain(token);
        sent.TextBody.ShouldContain("token=removed-once-sent");
        System.IO.Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml").Select(f => MimeKit.MimeMessage.Load(f).TextBody)
            .ShouldContain(body => body != null && body.Contains(token, StringComparison.Ordinal), "the message itself carried the link");

        var nobody = Browser.Anonymous(app);
        (await nobody.PageTextAsync(link)).ShouldContain("Set your password");
        var set = await nobody.PostFormAsync(link, new Dictionary<string, string> { ["Password"] = "Nora-New-2026!", ["ConfirmPassword"] = "Nora-New-2026!" });

        set.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await nobody.PageTextAsync("/signin")).ShouldContain("Your password is set. Sign in with nora@demo.test.");
        await Browser.SignInAsync(app, "nora@demo.test", "Nora-New-2026!");

        var reused = await nobody.PostFormAsync(link, new Dictionary<string, string> { ["Password"] = "Other-Pass-2026!", ["ConfirmPassword"] = "Other-Pass-2026!" });
        reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reused.TextAsync()).ShouldContain("This link has expired or has already been used.");
        await Browser.SignInAsync(app, "nora@demo.test", "Nora-New-2026!");
    }

    [Fact]
    public async Task AddUser_WithAnEmailInUse_OrNoPassword_ShowsTheMessagesBesideTheFields()
    {
        await using var app = new AppFactory();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        var response = await admin.PostAsync("/directory/new", [
            new("Name", ""), new("Email", "approver@other.test"), new("ErpIntegrationsLevel", "None"), new("PasswordChoice", "password"), new("Password", "")], "/directory/new");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.TextAsync();
        ProjectAdminKit.FieldError(html, "Name").ShouldBe("Enter the person's name.");
        ProjectAdminKit.FieldError(html, "Password").ShouldBe("Enter an initial password, or choose to send a set-password link by email.");

        var duplicate = await admin.PostAsync("/directory/new", [
            new("Name", "Copy"), new("Email", "approver@other.test"), new("ErpIntegrationsLevel", "None"), new("PasswordChoice", "password"), new("Password", "Copy-Cat-2026!")], "/directory/new");

        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await duplicate.TextAsync(), "Email").ShouldBe("This email is already used by another account; each person signs in with their own email.");
        (await app.WithDbAsync(Guid.Empty, db => db.Users.CountAsync(u => u.Email == "approver@other.test"))).ShouldBe(1);
    }

    [Fact]
    public async Task NotADirectoryAdmin_CannotAddOrChangeUsers()
    {
        await using var app = new AppFactory();
        var sam = await app.UserAsync("standard@demo.test");
        var riverside = await app.ProjectIdAsync("1001");
        var approver = await Browser.SignInAsync(app, "approver@demo.test");

        (await approver.Client.GetAsync("/directory/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.Client.GetAsync($"/directory/{sam.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.GetPageAsync("/directory")).ShouldNotContain(">Add User<");
        var token = "/signout";
        (await approver.PostAsync("/directory/new", [new("Name", "X"), new("Email", "x@demo.test"), new("ErpIntegrationsLevel", "Admin"), new("PasswordChoice", "password"), new("Password", "Xx-2026-pass!")], token))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.PostAsync($"/directory/{sam.Id}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "true")], token))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.PostAsync($"/directory/{sam.Id}?handler=ProjectLevel", [new("projectId", riverside.ToString()), new("level", "Admin")], token))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.PostAsync($"/directory/{sam.Id}?handler=Deactivate", [], token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var after = await app.UserAsync("standard@demo.test");
        after.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Standard);
        after.IsDirectoryAdmin.ShouldBeFalse();
        after.IsActive.ShouldBeTrue();
        (await app.WithDbAsync(Guid.Empty, db => db.Users.AnyAsync(u => u.Email == "x@demo.test"))).ShouldBeFalse();
        (await app.WithDbAsync(Guid.Empty, db => db.ProjectPermissions.AnyAsync(p => p.UserId == sam.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task DirectoryAdmin_SetsErpIntegrationsLevel_DirectoryAdminFlag_AndProjectLevels()
    {
        await using var app = new AppFactory();
        var sam = await app.UserAsync("standard@demo.test");
        var harbor = await app.ProjectIdAsync("1002");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var page = $"/directory/{sam.Id}";
        (await admin.PageTextAsync(page)).ShouldContain("aria-label=\"Admin tool level on project 1002 Harbor View Apartments\"");

        await admin.SubmitAsync($"{page}?handler=Access", [new("erpIntegrationsLevel", "ReadOnly"), new("isDirectoryAdmin", "true"), new("isDirectoryAdmin", "false")], page);
        await admin.SubmitAsync($"{page}?handler=ProjectLevel", [new("projectId", harbor.ToString()), new("level", "Admin")], page);

        var changed = await app.UserAsync("standard@demo.test");
        changed.ErpIntegrationsLevel.ShouldBe(PermissionLevel.ReadOnly);
        changed.IsDirectoryAdmin.ShouldBeTrue();
        (await admin.PageTextAsync(page)).ShouldContain("Sam Standard now has 'Admin' on the Admin tool of project 1002 Harbor View Apartments.");
        var samBrowser = await Browser.SignInAsync(app, "standard@demo.test");
        (await samBrowser.PageTextAsync("/projects")).ShouldContain($"href=\"{ProjectAdminKit.SubJobsPath(harbor)}\"");

        await admin.SubmitAsync($"{page}?handler=ProjectLevel", [new("projectId", harbor.ToString()), new("level", "None")], page);

        (await app.WithDbAsync(Guid.Empty, db => db.ProjectPermissions.AnyAsync(p => p.UserId == sam.Id && p.ProjectId == harbor))).ShouldBeFalse();
        (await samBrowser.Client.GetAsync(ProjectAdminKit.SubJobsPath(harbor))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheLastDirectoryAdmin_CannotBeRemoved()
    {
        await using var app = new AppFactory();
        var alex = await app.UserAsync("admin@demo.test");
        var sam = await app.UserAsync("standard@demo.test");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var alexPage = $"/directory/{alex.Id}";

        var response = await admin.PostAsync($"{alexPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "false")], alexPage);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await response.TextAsync()).ShouldBe("Alex Admin is the company's last Directory Admin and cannot stop being a Directory Admin. Make another user a Directory Admin first.");
        (await app.UserAsync("admin@demo.test")).IsDirectoryAdmin.ShouldBeTrue();

        var self = await admin.PostAsync($"{alexPage}?handler=Deactivate", [], alexPage);
        self.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.UserAsync("admin@demo.test")).IsActive.ShouldBeTrue();

        var samPage = $"/directory/{sam.Id}";
        await admin.SubmitAsync($"{samPage}?handler=Access", [new("erpIntegrationsLevel", "Standard"), new("isDirectoryAdmin", "true")], samPage);
        var lastGranter = await admin.PostAsync($"{alexPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "false")], alexPage);
        lastGranter.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await lastGranter.TextAsync()).ShouldStartWith("Alex Admin is the company's last Directory Admin who can grant accounting approver privileges");
        await admin.SubmitAsync("/directory?handler=Grant", [new("userId", sam.Id.ToString())], "/directory");
        await admin.SubmitAsync($"{alexPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "false")], alexPage);

        (await app.UserAsync("admin@demo.test")).IsDirectoryAdmin.ShouldBeFalse();
        var samBrowser = await Browser.SignInAsync(app, "standard@demo.test");
        var refused = await samBrowser.PostAsync($"{samPage}?handler=Access", [new("erpIntegrationsLevel", "Standard"), new("isDirectoryAdmin", "false")], samPage);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await refused.TextAsync()).ShouldBe("Sam Standard is the company's last Directory Admin and cannot stop being a Directory Admin. Make another user a Directory Admin first.");
    }

    [Fact]
    public async Task TwoDirectoryAdmins_DeactivatingEachOtherAtTheSameInstant_LeaveOneDirectoryAdmin()
    {
        await using var app = new AppFactory();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var avery = await app.UserAsync("approver@demo.test");
        var averyPage = $"/directory/{avery.Id}";
        await admin.SubmitAsync($"{averyPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "true")], averyPage);
        var company = (await app.CompanyAsync(DemoData.Demo)).Id;
        var alexActor = (await app.UserAsync("admin@demo.test")).ToActor();
        var averyActor = (await app.UserAsync("approver@demo.test")).ToActor();

        // The Deactivate handler's steps, interleaved: both count the other admins before either saves.
        await using var first = app.ScopeFor(company, out var db1);
        await using var second = app.ScopeFor(company, out var db2);
        await DirectoryAdmin.GuardDirectoryAsync(db1, company, CancellationToken.None);
        await DirectoryAdmin.GuardDirectoryAsync(db2, company, CancellationToken.None);
        var averyInFirst = await db1.Users.SingleAsync(u => u.Id == avery.Id);
        var alexInSecond = await db2.Users.SingleAsync(u => u.Id == alexActor.UserId);
        averyInFirst.Deactivate(await DirectoryAdmin.OtherActiveDirectoryAdminsAsync(db1, averyInFirst, CancellationToken.None), await DirectoryAdmin.OtherGrantersAsync(db1, averyInFirst, CancellationToken.None), alexActor);
        alexInSecond.Deactivate(await DirectoryAdmin.OtherActiveDirectoryAdminsAsync(db2, alexInSecond, CancellationToken.None), await DirectoryAdmin.OtherGrantersAsync(db2, alexInSecond, CancellationToken.None), averyActor);

        await db1.SaveChangesAsync();
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());

        (await app.UserAsync("approver@demo.test")).IsActive.ShouldBeFalse();
        (await app.UserAsync("admin@demo.test")).IsActive.ShouldBeTrue();
        var refused = await admin.PostAsync($"/directory/{alexActor.UserId}?handler=Deactivate", [], $"/directory/{alexActor.UserId}");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task InvalidAccessLevels_AreRefused_AndChangeNothing()
    {
        await using var app = new AppFactory();
        var riley = await app.UserAsync("readonly@demo.test");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var page = $"/directory/{riley.Id}";

        foreach (var level in new[] { "Bogus", "7", "" })
        {
            var response = await admin.PostAsync($"{page}?handler=Access", [new("erpIntegrationsLevel", level), new("isDirectoryAdmin", "false")], page);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"level '{level}'");
        }

        (await app.UserAsync("readonly@demo.test")).ErpIntegrationsLevel.ShouldBe(ErpIntegrations.Web.Domain.PermissionLevel.ReadOnly);
    }

    [Fact]
    public async Task ADeactivatedDirectoryAdmin_DoesNotCountAsAnotherDirectoryAdmin()
    {
        await using var app = new AppFactory();
        var alex = await app.UserAsync("admin@demo.test");
        var sam = await app.UserAsync("standard@demo.test");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var samPage = $"/directory/{sam.Id}";
        var alexPage = $"/directory/{alex.Id}";
        await admin.SubmitAsync($"{samPage}?handler=Access", [new("erpIntegrationsLevel", "Standard"), new("isDirectoryAdmin", "true")], samPage);
        await admin.SubmitAsync($"{samPage}?handler=Deactivate", [], samPage);

        var response = await admin.PostAsync($"{alexPage}?handler=Access", [new("erpIntegrationsLevel", "Admin"), new("isDirectoryAdmin", "false")], alexPage);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.UserAsync("admin@demo.test")).IsDirectoryAdmin.ShouldBeTrue();
    }

    [Fact]
    public async Task ADeactivatedUser_CannotSignIn_AndTheirOpenSessionStopsWorking_UntilReactivated()
    {
        await using var app = new AppFactory();
        var sam = await app.UserAsync("standard@demo.test");
        var samBrowser = await Browser.SignInAsync(app, "standard@demo.test");
        (await samBrowser.Client.GetAsync("/erp-integrations/sub-jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var samPage = $"/directory/{sam.Id}";

        await admin.SubmitAsync($"{samPage}?handler=Deactivate", [], samPage);

        var deactivated = await app.UserAsync("standard@demo.test");
        deactivated.IsActive.ShouldBeFalse();
        deactivated.SecurityStamp.ShouldNotBe(sam.SecurityStamp);
        (await admin.PageTextAsync(samPage)).ShouldContain("Sam Standard was deactivated: they can no longer sign in, and their history stays.");
        (await admin.PageTextAsync("/directory")).ShouldContain("<td>Deactivated</td>");

        var open = await samBrowser.Client.GetAsync("/erp-integrations/sub-jobs");
        open.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        open.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("erp-integrations=;", StringComparison.Ordinal));
        var next = await samBrowser.Client.GetAsync("/erp-integrations/sub-jobs");
        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        next.Headers.Location!.ToString().ShouldContain("/signin");

        var signIn = await Browser.Anonymous(app).PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = "standard@demo.test", ["Password"] = "Demo123!" });
        signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await signIn.TextAsync()).ShouldContain("Your account has been deactivated. Ask your company's Directory Admin if you need access again.");
        var wrongPassword = await Browser.Anonymous(app).PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = "standard@demo.test", ["Password"] = "Wrong123!" });
        (await wrongPassword.TextAsync()).ShouldContain("The email or password is not correct.");

        await admin.SubmitAsync($"{samPage}?handler=Reactivate", [], samPage);

        (await app.UserAsync("standard@demo.test")).IsActive.ShouldBeTrue();
        var back = await Browser.SignInAsync(app, "standard@demo.test");
        (await back.Client.GetAsync("/erp-integrations/sub-jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeactivatingAUser_KeepsTheirHistory()
    {
        await using var app = new AppFactory();
        var pat = await app.UserAsync("pm@demo.test");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var before = await app.WithDbAsync(Guid.Empty, db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.ActorId == pat.Id));
        before.ShouldBeGreaterThan(0);

        await admin.SubmitAsync($"/directory/{pat.Id}?handler=Deactivate", [], $"/directory/{pat.Id}");

        (await app.WithDbAsync(Guid.Empty, db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.ActorId == pat.Id))).ShouldBe(before);
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        (await admin.PageTextAsync(ProjectAdminKit.DetailsPath(mob.ProjectId, mob.Id))).ShouldContain("Pat Project-Manager");
    }

    [Fact]
    public async Task AnotherCompanysUser_IsNotFound()
    {
        await using var app = new AppFactory();
        var olive = await app.UserAsync("approver@other.test");
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        (await admin.Client.GetAsync($"/directory/{olive.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/directory/{olive.Id}?handler=Deactivate", [], "/signout")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.UserAsync("approver@other.test")).IsActive.ShouldBeTrue();
    }

    [GeneratedRegex("Set your password: https?://[^/]+(/set-password\\?[^\\s]+)")]
    private static partial Regex LinkPattern();
}
