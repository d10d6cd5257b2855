using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;

public sealed class DetailsTests
{
    [Fact]
    public async Task Details_OfARejectedSubJob_ShowsWhoRejectedItWhyAndTheHistoryInOrder()
    {
        await using var app = new AppFactory();
        var northgate = await app.ProjectIdAsync("1003");
        var west = await app.RequiredSubJobAsync("1003", "WEST");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

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
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var phase1 = await app.RequiredSubJobAsync("1001", "PHASE1");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var doc = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.DetailsPath(riverside, phase1.Id)));
        var html = doc.Text();

        doc.One(".state.green").Text().ShouldBe("Synced");
        html.ShouldContain("Successfully Exported");
        doc.Definition("ERP Job ID").ShouldBe(phase1.ErpJobId);
        html.ShouldContain(phase1.ErpRecordId!);
        doc.QuerySelectorAll("button").ShouldNotContain(b => b.Text() == "Send to ERP");
    }

    [Fact]
    public async Task Details_OfAFailedExport_ShowsTheErpError()
    {
        await using var app = new AppFactory();
        var harbor = await app.ProjectIdAsync("1002");
        var roof = await app.RequiredSubJobAsync("1002", "ROOF");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var doc = Html.Parse(await pm.GetPageAsync(ProjectAdminKit.DetailsPath(harbor, roof.Id)));
        var html = doc.Text();

        doc.One(".state.red").Text().ShouldBe("Failed to Export");
        html.ShouldContain(roof.ExportError!);
        doc.QuerySelectorAll("button").ShouldNotContain(b => b.Text() == "Retrieve from ERP");
    }

    [Fact]
    public async Task List_ShowsTheRejectionReasonToTheSender()
    {
        await using var app = new AppFactory();
        var northgate = await app.ProjectIdAsync("1003");
        var west = await app.RequiredSubJobAsync("1003", "WEST");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var html = await pm.PageTextAsync(ProjectAdminKit.SubJobsPath(northgate));

        html.ShouldContain($"<tr data-sub-job=\"{west.Id}\" data-code=\"WEST\"");
        html.ShouldContain($"Rejected by Avery Approver: {west.RejectionReason}");
    }
}
