using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class SendRetrieveResendTests
{
    [Fact]
    public async Task SendToErp_NotSent_BecomesReadyToExportSentByThePerson()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        (await pm.PageTextAsync(ProjectAdminKit.SubJobsPath(riverside))).ShouldContain("aria-label=\"Send to ERP: MOB\">Send to ERP</button>");

        var response = await pm.SubJobActionAsync(riverside, mob, "Send");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var sent = await app.RequiredSubJobAsync("1001", "MOB");
        sent.State.ShouldBe(SubJobState.ReadyToExport);
        sent.LastSentById.ShouldBe((await app.UserAsync("pm@demo.test")).Id);
        sent.LastSentByName.ShouldBe("Pat Project-Manager");
        sent.LastSentAt.ShouldBe(app.Now);
        sent.Actions().ShouldBe([AuditAction.Created, AuditAction.Sent]);
        var list = await pm.PageTextAsync(ProjectAdminKit.SubJobsPath(riverside));
        list.ShouldContain("MOB was sent to ERP.");
        list.ShouldContain("aria-label=\"Retrieve from ERP: MOB\">Retrieve from ERP</button>");
    }

    [Fact]
    public async Task SendToErp_FromTheSubJobPage_RedirectsBackToIt()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var details = ProjectAdminKit.DetailsPath(riverside, mob.Id);

        var response = await pm.SubJobActionAsync(riverside, mob, "Send", onPage: details);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(details);
        (await app.RequiredSubJobAsync("1001", "MOB")).State.ShouldBe(SubJobState.ReadyToExport);
        (await pm.PageTextAsync(details)).ShouldContain("MOB was sent to ERP.");
    }

    [Fact]
    public async Task SendToErp_WithoutCostCodes_IsRefusedWithTheReason()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        (await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("NOCODES", "No cost codes yet"), ProjectAdminKit.NewPath(riverside)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var draft = await app.RequiredSubJobAsync("1001", "NOCODES");

        var response = await pm.SubJobActionAsync(riverside, draft, "Send");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.TextAsync()).ShouldContain("<div class=\"alert error\" role=\"alert\">Add at least one cost code before sending the sub job to ERP.</div>");
        var after = await app.RequiredSubJobAsync("1001", "NOCODES");
        after.State.ShouldBe(SubJobState.NotSent);
        after.LastSentById.ShouldBeNull();
        after.Actions().ShouldBe([AuditAction.Created]);
    }

    [Fact]
    public async Task SendToErp_OnAnUnlinkedProject_IsRefused()
    {
        await using var app = new AppFactory();
        var lakeside = await app.ProjectIdAsync("1004");
        var gym = await app.RequiredSubJobAsync("1004", "GYM");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        var list = await pm.PageTextAsync(ProjectAdminKit.SubJobsPath(lakeside));
        list.ShouldContain("This project is not linked to an ERP job yet, so its sub jobs cannot be sent to ERP.");
        list.ShouldNotContain(">Send to ERP</button>");

        var response = await pm.SubJobActionAsync(lakeside, gym, "Send");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.TextAsync()).ShouldContain("Project 1004 is not linked to an ERP job yet, so its sub jobs cannot be sent to ERP.");
        var after = await app.RequiredSubJobAsync("1004", "GYM");
        after.State.ShouldBe(SubJobState.NotSent);
        after.Actions().ShouldBe([AuditAction.Created]);
    }

    [Fact]
    public async Task SendToErp_WhenAlreadySent_IsRefused()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var bldga = await app.RequiredSubJobAsync("1001", "BLDGA");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.SubJobActionAsync(riverside, bldga, "Send");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.TextAsync()).ShouldContain("Only a sub job that has not been sent can be sent to ERP; this one is Ready to Export.");
        (await app.RequiredSubJobAsync("1001", "BLDGA")).Actions().ShouldBe(bldga.Actions());
    }

    [Fact]
    public async Task RetrieveFromErp_ReadyToExport_BecomesRetrievedAndEditable()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var bldga = await app.RequiredSubJobAsync("1001", "BLDGA");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.SubJobActionAsync(riverside, bldga, "Retrieve");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await app.RequiredSubJobAsync("1001", "BLDGA");
        after.State.ShouldBe(SubJobState.Retrieved);
        after.IsEditable.ShouldBeTrue();
        after.Actions().ShouldBe([AuditAction.Created, AuditAction.Sent, AuditAction.Retrieved]);
        after.History.OrderBy(h => h.Id).Last().ActorName.ShouldBe("Pat Project-Manager");
        var list = await pm.PageTextAsync(ProjectAdminKit.SubJobsPath(riverside));
        list.ShouldContain("BLDGA was retrieved from ERP.");
        list.ShouldContain("aria-label=\"Resend to ERP: BLDGA\">Resend to ERP</button>");
        list.ShouldContain("aria-label=\"Edit BLDGA\"");
    }

    [Fact]
    public async Task RetrieveFromErp_AfterTheApproverActed_IsRefused()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var helipad = await app.RequiredSubJobAsync("1001", "HELIPAD");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.SubJobActionAsync(riverside, helipad, "Retrieve");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.TextAsync()).ShouldContain("An accounting approver has already acted on this sub job, so it can no longer be retrieved.");
        (await app.RequiredSubJobAsync("1001", "HELIPAD")).State.ShouldBe(SubJobState.Exporting);
    }

    [Fact]
    public async Task ResendToErp_AfterARejection_IsReadyToExportAgain()
    {
        await using var app = new AppFactory();
        var northgate = await app.ProjectIdAsync("1003");
        var west = await app.RequiredSubJobAsync("1003", "WEST");
        west.State.ShouldBe(SubJobState.Rejected);
        var pm = await Browser.SignInAsync(app, "pm@demo.test");
        app.Time.Advance(TimeSpan.FromHours(1));

        var response = await pm.SubJobActionAsync(northgate, west, "Resend");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await app.RequiredSubJobAsync("1003", "WEST");
        after.State.ShouldBe(SubJobState.ReadyToExport);
        after.RejectionReason.ShouldBeNull();
        after.RejectedByName.ShouldBeNull();
        after.LastSentAt.ShouldBe(app.Now);
        after.LastSentByName.ShouldBe("Pat Project-Manager");
        after.Actions().ShouldBe([AuditAction.Created, AuditAction.Sent, AuditAction.Rejected, AuditAction.Resent]);
        (await pm.PageTextAsync(ProjectAdminKit.SubJobsPath(northgate))).ShouldContain("WEST was resent to ERP.");
    }

    [Fact]
    public async Task ResendToErp_OfANotSentSubJob_IsRefused()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var mob = await app.RequiredSubJobAsync("1001", "MOB");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.SubJobActionAsync(riverside, mob, "Resend");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.TextAsync()).ShouldContain("Only a rejected or retrieved sub job can be resent to ERP; this one is Not sent.");
        (await app.RequiredSubJobAsync("1001", "MOB")).State.ShouldBe(SubJobState.NotSent);
    }
}
