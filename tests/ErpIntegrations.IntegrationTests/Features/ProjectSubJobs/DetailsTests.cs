using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class DetailsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Details_OfARejectedSubJob_ShowsWhoRejectedItWhyAndTheHistoryInOrder()
    {
        var (company, northgate, west) = await SubJobAsync("1003", SubJobState.Rejected, "WEST", rejection: "Split it into east and west.");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var doc = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.DetailsPath(northgate, west.Id)));
        var html = doc.Text();

        doc.One(".state.yellow").Text().ShouldBe("Rejected");
        html.ShouldContain($"Rejected by Avery Approver: {west.RejectionReason}");
        doc.QuerySelectorAll("[data-action]").Select(e => e.GetAttribute("data-action")).ShouldBe(["Created", "Sent", "Rejected"]);
        html.ShouldContain("Sent to ERP");
        doc.Button("Resend to ERP: WEST", shows: "Resend to ERP");
        doc.ShouldHave("[aria-label=\"Edit WEST\"]");
    }

    [Fact]
    public async Task Details_OfASyncedSubJob_ShowsItsErpJobIdAndRecord()
    {
        var (company, riverside, phase1) = await SubJobAsync("1001", SubJobState.Synced, "PHASE1");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var doc = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.DetailsPath(riverside, phase1.Id)));
        var html = doc.Text();

        doc.One(".state.green").Text().ShouldBe("Synced");
        html.ShouldContain("Successfully Exported");
        doc.Definition("ERP Job ID").ShouldBe(phase1.ErpSubJobId);
        html.ShouldContain(phase1.ErpRecordId!);
        doc.QuerySelectorAll("button").ShouldNotContain(b => b.Text() == "Send to ERP");
    }

    [Fact]
    public async Task Details_OfAFailedExport_ShowsTheErpError()
    {
        var (company, harbor, roof) = await SubJobAsync("1002", SubJobState.FailedToExport, "ROOF", failure: "Sandbox ERP refused sub job ROOF: cost code 01-100 is closed for job HVA-1002 (simulated fault).");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var doc = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.DetailsPath(harbor, roof.Id)));
        var html = doc.Text();

        doc.One(".state.red").Text().ShouldBe("Failed to Export");
        html.ShouldContain(roof.ExportError!);
        doc.QuerySelectorAll("button").ShouldNotContain(b => b.Text() == "Retrieve from ERP");
    }

    [Fact]
    public async Task List_ShowsTheRejectionReasonToTheSender()
    {
        var (company, northgate, west) = await SubJobAsync("1003", SubJobState.Rejected, "WEST", rejection: "Split it into east and west.");
        var pm = await Browser.SignInAsync(App, company.ProjectManager.Email);

        var html = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.SubJobsPath(northgate)));

        var row = html.One($"tr[data-sub-job=\"{west.Id}\"]");
        row.GetAttribute("data-code").ShouldBe("WEST");
        html.Text().ShouldContain($"Rejected by Avery Approver: {west.RejectionReason}");
    }

    private async Task<(TestCompany Company, Guid ProjectId, SubJob SubJob)> SubJobAsync(string projectNumber, SubJobState state, string code, string rejection = "Split it in two.", string failure = "Sandbox ERP refused the sub job (simulated fault).")
    {
        var company = await shared.NewCompanyAsync();
        var project = await company.ProjectAsync(projectNumber);
        await company.SubJobAsync(project, state, code: code, rejection: rejection, failure: failure);
        return (company, project.Id, await App.RequiredSubJobAsync(project.Id, code));
    }
}
