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

        var html = await pm.PageTextAsync(ProjectAdminKit.DetailsPath(northgate, west.Id));

        html.ShouldContain("<span class=\"state yellow\">Rejected</span>");
        html.ShouldContain($"Rejected by Avery Approver: {west.RejectionReason}");
        var created = html.IndexOf("data-action=\"Created\"", StringComparison.Ordinal);
        var sent = html.IndexOf("data-action=\"Sent\"", StringComparison.Ordinal);
        var rejected = html.IndexOf("data-action=\"Rejected\"", StringComparison.Ordinal);
        created.ShouldBeGreaterThan(0);
        sent.ShouldBeGreaterThan(created);
        rejected.ShouldBeGreaterThan(sent);
        html.ShouldContain("Sent to ERP");
        html.ShouldContain("aria-label=\"Resend to ERP: WEST\">Resend to ERP</button>");
        html.ShouldContain("aria-label=\"Edit WEST\"");
    }

    [Fact]
    public async Task Details_OfASyncedSubJob_ShowsItsErpJobIdAndRecord()
    {
        await using var app = new AppFactory();
        var riverside = await app.ProjectIdAsync("1001");
        var phase1 = await app.RequiredSubJobAsync("1001", "PHASE1");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var html = await pm.PageTextAsync(ProjectAdminKit.DetailsPath(riverside, phase1.Id));

        html.ShouldContain("<span class=\"state green\">Synced</span>");
        html.ShouldContain("Successfully Exported");
        html.ShouldContain("<dt>ERP Job ID</dt>");
        html.ShouldContain($"<dd>{phase1.ErpSubJobId}</dd>");
        html.ShouldContain(phase1.ErpRecordId!);
        html.ShouldNotContain(">Send to ERP</button>");
    }

    [Fact]
    public async Task Details_OfAFailedExport_ShowsTheErpError()
    {
        await using var app = new AppFactory();
        var harbor = await app.ProjectIdAsync("1002");
        var roof = await app.RequiredSubJobAsync("1002", "ROOF");
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var html = await pm.PageTextAsync(ProjectAdminKit.DetailsPath(harbor, roof.Id));

        html.ShouldContain("<span class=\"state red\">Failed to Export</span>");
        html.ShouldContain(roof.ExportError!);
        html.ShouldNotContain("Retrieve from ERP</button>");
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
