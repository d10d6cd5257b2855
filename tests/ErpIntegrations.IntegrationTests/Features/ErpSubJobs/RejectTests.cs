using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class RejectTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Reject_WithAReason_SendsTheSubJobBack_AndRecordsWhoAndWhy()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(harbor, SubJobState.ReadyToExport, code: "FLOOR2");

        var response = await browser.PostAsync("Reject", new() { ["subJobId"] = id.ToString(), ["reason"] = "  Use cost code 09-250 for the units.  " });

        var page = await browser.FollowAsync(response);
        Html.Parse(page).Text().ShouldContain("FLOOR2: rejected and sent back to its project for correction.");
        ErpSubJobsPage.Codes(page).ShouldNotContain("FLOOR2");
        var rejected = await App.SubJobAsync(id);
        rejected.State.ShouldBe(SubJobState.Rejected);
        rejected.RejectionReason.ShouldBe("Use cost code 09-250 for the units.");
        rejected.RejectedByName.ShouldBe("Avery Approver");
        var last = rejected.History.OrderBy(h => h.Id).Last();
        last.Action.ShouldBe(AuditAction.Rejected);
        last.Details.ShouldBe("Use cost code 09-250 for the units.");
        (await App.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Reject_WithoutAReason_ShowsTheMessageBesideTheField_AndChangesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(harbor, SubJobState.ReadyToExport, code: "FLOOR2");
        var auditBefore = await App.AuditCountAsync(id);

        var response = await browser.PostAsync("Reject", new() { ["subJobId"] = id.ToString(), ["reason"] = "   " });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var row = ErpSubJobsPage.Row(await response.Content.ReadAsStringAsync(), "FLOOR2");
        row.One("details:has(textarea)").HasAttribute("open").ShouldBeTrue();
        row.Text().ShouldContain("Enter a short explanation of why the sub job is rejected.");
        (await App.StateAsync(id)).ShouldBe(SubJobState.ReadyToExport);
        (await App.AuditCountAsync(id)).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task Reject_OfASubJobThatFailedToExport_RemovesItFromTheTool()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var id = await company.SubJobAsync(harbor, SubJobState.FailedToExport, code: "ROOF");

        var page = await browser.FollowAsync(await browser.PostAsync(
            "Reject", new() { ["subJobId"] = id.ToString(), ["reason"] = "Cost code 01-100 is closed; pick another." }, "failed-to-export"));

        Html.Parse(page).Text().ShouldContain("No sub jobs failed to export.");
        (await App.StateAsync(id)).ShouldBe(SubJobState.Rejected);
    }
}
