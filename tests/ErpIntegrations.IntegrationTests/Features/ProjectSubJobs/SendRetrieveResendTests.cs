using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class SendRetrieveResendTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task SendToErp_NotSent_BecomesReadyToExportSentByThePerson()
    {
        var (company, riverside, mob) = await SubJobAsync(SubJobState.NotSent, "MOB");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        Html.Parse(await pm.GetPageAsync(ProjectAdminKit.SubJobsPath(riverside))).Button("Send to ERP: MOB", shows: "Send to ERP");

        var response = await pm.SubJobActionAsync(riverside, mob, "Send");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var sent = await App.RequiredSubJobAsync(riverside, "MOB");
        sent.State.ShouldBe(SubJobState.ReadyToExport);
        sent.LastSentById.ShouldBe(company.ProjectManager.Id);
        sent.LastSentByName.ShouldBe("Pat Project-Manager");
        sent.LastSentAt.ShouldBe(App.Now);
        sent.Actions().ShouldBe([AuditAction.Created, AuditAction.Sent]);
        var list = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.SubJobsPath(riverside)));
        list.Success().ShouldBe("MOB was sent to ERP. It is Ready to Export and waits for an accounting approver.");
        list.Button("Retrieve from ERP: MOB", shows: "Retrieve from ERP");
    }

    [Fact]
    public async Task SendToErp_FromTheSubJobPage_RedirectsBackToIt()
    {
        var (company, riverside, mob) = await SubJobAsync(SubJobState.NotSent, "MOB");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var details = ProjectAdminKit.DetailsPath(riverside, mob.Id);

        var response = await pm.SubJobActionAsync(riverside, mob, "Send", onPage: details);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(details);
        (await App.RequiredSubJobAsync(riverside, "MOB")).State.ShouldBe(SubJobState.ReadyToExport);
        Html.Parse(await pm.GetPageAsync(details)).Success().ShouldBe("MOB was sent to ERP. It is Ready to Export and waits for an accounting approver.");
    }

    [Fact]
    public async Task SendToErp_WithoutCostCodes_IsRefusedWithTheReason()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = (await company.ProjectAsync("1001")).Id;
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        (await pm.PostAsync(ProjectAdminKit.NewPath(riverside), ProjectAdminKit.SubJobFields("NOCODES", "No cost codes yet"), ProjectAdminKit.NewPath(riverside)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var draft = await App.RequiredSubJobAsync(riverside, "NOCODES");

        var response = await pm.SubJobActionAsync(riverside, draft, "Send");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe("Add at least one cost code before sending the sub job to ERP.");
        var after = await App.RequiredSubJobAsync(riverside, "NOCODES");
        after.State.ShouldBe(SubJobState.NotSent);
        after.LastSentById.ShouldBeNull();
        after.Actions().ShouldBe([AuditAction.Created]);
    }

    [Fact]
    public async Task SendToErp_OnAnUnlinkedProject_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1004", linked: false);
        var lakeside = project.Id;
        await company.SubJobAsync(project, SubJobState.NotSent, code: "GYM");
        var gym = await App.RequiredSubJobAsync(lakeside, "GYM");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);
        var list = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.SubJobsPath(lakeside)));
        list.One(".alert.info[role=note]").Text().ShouldBe("This project is not linked to an ERP job yet, so its sub jobs cannot be sent to ERP.");
        list.QuerySelectorAll("button").ShouldNotContain(b => b.Text() == "Send to ERP");

        var response = await pm.SubJobActionAsync(lakeside, gym, "Send");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe("Project 1004 is not linked to an ERP job yet, so its sub jobs cannot be sent to ERP.");
        var after = await App.RequiredSubJobAsync(lakeside, "GYM");
        after.State.ShouldBe(SubJobState.NotSent);
        after.Actions().ShouldBe([AuditAction.Created]);
    }

    [Fact]
    public async Task SendToErp_WhenAlreadySent_IsRefused()
    {
        var (company, riverside, bldga) = await SubJobAsync(SubJobState.ReadyToExport, "BLDGA");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.SubJobActionAsync(riverside, bldga, "Send");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe("Only a sub job that has not been sent can be sent to ERP; this one is Ready to Export.");
        (await App.RequiredSubJobAsync(riverside, "BLDGA")).Actions().ShouldBe(bldga.Actions());
    }

    [Fact]
    public async Task RetrieveFromErp_ReadyToExport_BecomesRetrievedAndEditable()
    {
        var (company, riverside, bldga) = await SubJobAsync(SubJobState.ReadyToExport, "BLDGA");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.SubJobActionAsync(riverside, bldga, "Retrieve");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await App.RequiredSubJobAsync(riverside, "BLDGA");
        after.State.ShouldBe(SubJobState.Retrieved);
        after.IsEditable.ShouldBeTrue();
        after.Actions().ShouldBe([AuditAction.Created, AuditAction.Sent, AuditAction.Retrieved]);
        after.History.OrderBy(h => h.Id).Last().ActorName.ShouldBe("Pat Project-Manager");
        var list = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.SubJobsPath(riverside)));
        list.Success().ShouldBe("BLDGA was retrieved from ERP. Edit it and resend it when it is ready.");
        list.Button("Resend to ERP: BLDGA", shows: "Resend to ERP");
        list.ShouldHave("[aria-label=\"Edit BLDGA\"]");
    }

    [Fact]
    public async Task RetrieveFromErp_AfterTheApproverActed_IsRefused()
    {
        var (company, riverside, helipad) = await SubJobAsync(SubJobState.Exporting, "HELIPAD");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.SubJobActionAsync(riverside, helipad, "Retrieve");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe("An accounting approver has already acted on this sub job, so it can no longer be retrieved.");
        (await App.RequiredSubJobAsync(riverside, "HELIPAD")).State.ShouldBe(SubJobState.Exporting);
    }

    [Fact]
    public async Task ResendToErp_AfterARejection_IsReadyToExportAgain()
    {
        // Rejected an hour ago rather than moving the clock every test of the class shares.
        var (company, northgate, west) = await SubJobAsync(SubJobState.Rejected, "WEST", App.Now.AddHours(-1));
        west.State.ShouldBe(SubJobState.Rejected);
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.SubJobActionAsync(northgate, west, "Resend");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await App.RequiredSubJobAsync(northgate, "WEST");
        after.State.ShouldBe(SubJobState.ReadyToExport);
        after.RejectionReason.ShouldBeNull();
        after.RejectedByName.ShouldBeNull();
        after.LastSentAt.ShouldBe(App.Now);
        after.LastSentByName.ShouldBe("Pat Project-Manager");
        after.Actions().ShouldBe([AuditAction.Created, AuditAction.Sent, AuditAction.Rejected, AuditAction.Resent]);
        Html.Parse(await pm.GetPageAsync(ProjectAdminKit.SubJobsPath(northgate))).Success().ShouldBe("WEST was resent to ERP. It is Ready to Export and waits for an accounting approver.");
    }

    [Fact]
    public async Task ResendToErp_OfANotSentSubJob_IsRefused()
    {
        var (company, riverside, mob) = await SubJobAsync(SubJobState.NotSent, "MOB");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var response = await pm.SubJobActionAsync(riverside, mob, "Resend");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe("Only a rejected or retrieved sub job can be resent to ERP; this one is Not sent.");
        (await App.RequiredSubJobAsync(riverside, "MOB")).State.ShouldBe(SubJobState.NotSent);
    }

    /// <summary>A company of the test's own with one linked project holding one sub job in the given state.</summary>
    private async Task<(TestCompany Company, Guid ProjectId, SubJob SubJob)> SubJobAsync(SubJobState state, string code, DateTime? at = null)
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync("1001");
        await company.SubJobAsync(project, state, code: code, at: at);
        return (company, project.Id, await App.RequiredSubJobAsync(project.Id, code));
    }
}
