using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

/// <summary>
/// An approver decides on the sub job they looked at: every form of the list carries the version its row showed, and a
/// sub job a project Admin retrieved, edited and resent since is refused instead of exported unreviewed.
/// </summary>
public sealed class ReviewedVersionTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string Changed = ChangedBehindTheApprover.Refusal;

    private AppFactory App => shared.App;

    [Fact]
    public async Task Accept_OfASubJobChangedSinceThePageShowedIt_IsRefused_AndNothingIsExported()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var id = await company.SubJobAsync(riverside, code: "BLDGA", description: "Building A");
        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        var seen = FormFields(ErpSubJobsPage.Row(await approver.GetPageAsync(ErpSubJobsPage.Url()), "BLDGA"), "form[data-accept]");

        await company.RetrieveEditAndResendAsync(id, "Building A and the parking deck");

        var response = await approver.PostAsync("Accept", seen);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe(Changed);
        var unchanged = await App.SubJobAsync(id);
        unchanged.State.ShouldBe(SubJobState.ReadyToExport);
        unchanged.Description.ShouldBe("Building A and the parking deck");
        unchanged.History.ShouldNotContain(h => h.Action == AuditAction.Accepted);
        (await App.RequestsAsync(id)).ShouldBeEmpty();

        var reviewed = FormFields(ErpSubJobsPage.Row(await approver.GetPageAsync(ErpSubJobsPage.Url()), "BLDGA"), "form[data-accept]");
        await approver.FollowAsync(await approver.PostAsync("Accept", reviewed));
        (await App.StateAsync(id)).ShouldBe(SubJobState.Exporting);
    }

    [Fact]
    public async Task Accept_AskedForJson_OfAChangedSubJob_AnswersTheRefusal()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var id = await company.SubJobAsync(riverside, code: "FLOOR1");
        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        var seen = FormFields(ErpSubJobsPage.Row(await approver.GetPageAsync(ErpSubJobsPage.Url()), "FLOOR1"), "form[data-accept]");
        await company.RetrieveEditAndResendAsync(id, "Floor 1, east wing");
        approver.Client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var response = await approver.PostAsync("Accept", seen);

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().ShouldBe(Changed);
        (await App.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Reject_OfASubJobChangedSinceThePageShowedIt_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var id = await company.SubJobAsync(riverside, code: "GARAGE");
        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        var form = ErpSubJobsPage.Row(await approver.GetPageAsync(ErpSubJobsPage.Url()), "GARAGE").QuerySelectorAll("form").Single(f => f.QuerySelector("textarea[name=reason]") is not null);
        var seen = FormFields(form).Append(new("reason", "Split it by level.")).ToList();
        await company.RetrieveEditAndResendAsync(id, "Garage, levels P1 to P3");

        var response = await approver.PostAsync("Reject", seen);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe(Changed);
        var unchanged = await App.SubJobAsync(id);
        unchanged.State.ShouldBe(SubJobState.ReadyToExport);
        unchanged.RejectionReason.ShouldBeNull();
    }

    [Fact]
    public async Task Retry_OfASubJobThatFailedAgainAfterAChange_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var id = await company.SubJobAsync(harbor, SubJobState.FailedToExport, code: "ROOF", description: "Roof");
        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        var retryForm = ErpSubJobsPage.Row(await approver.GetPageAsync(ErpSubJobsPage.Url("failed-to-export")), "ROOF")
            .QuerySelectorAll("form").Single(f => f.QuerySelector("button[aria-label='Retry ROOF']") is not null);
        var seen = FormFields(retryForm);

        await company.RejectCorrectAndFailAgainAsync(id, "Roof, north half");

        var response = await approver.PostAsync("Retry", seen, "failed-to-export");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe(Changed);
        (await App.StateAsync(id)).ShouldBe(SubJobState.FailedToExport);
        (await App.RequestsAsync(id)).ShouldAllBe(r => r.Status == ErpRequestStatus.Failed);
    }

    [Fact]
    public async Task BulkAccept_RefusesTheSubJobsChangedSinceThePageShowedThem_AndAcceptsTheOthers()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var bldga = await company.SubJobAsync(harbor, code: "BLDGA");
        var floor1 = await company.SubJobAsync(harbor, code: "FLOOR1");
        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        var page = Html.Parse(await approver.GetPageAsync(ErpSubJobsPage.Url()));
        var seen = page.QuerySelectorAll("input[form=bulk][name^=versions]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))
            .Concat([new("selectedIds", bldga.ToString()), new("selectedIds", floor1.ToString())])
            .ToList();
        seen.Count.ShouldBe(4, "each selectable row carries its version for the bulk form");
        await company.RetrieveEditAndResendAsync(floor1, "Floor 1 and the mezzanine");

        var results = Html.Parse(await approver.FollowAsync(await approver.PostAsync("BulkAccept", seen)));

        results.Text().ShouldContain("1 of 2 selected sub jobs done.");
        results.One($"[data-bulk-result=\"{floor1}\"]").Text().ShouldBe($"FLOOR1: {Changed}");
        (await App.StateAsync(bldga)).ShouldBe(SubJobState.Exporting);
        (await App.StateAsync(floor1)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(floor1)).ShouldBeEmpty();
    }

    [Fact]
    public async Task BulkReject_RefusesTheSubJobsChangedSinceThePageShowedThem()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var bldga = await company.SubJobAsync(harbor, code: "BLDGA");
        var floor1 = await company.SubJobAsync(harbor, code: "FLOOR1");
        var approver = await Browser.SignInAsync(App, company.Approver.Email);
        var page = Html.Parse(await approver.GetPageAsync(ErpSubJobsPage.Url()));
        var seen = page.QuerySelectorAll("input[form=bulk][name^=versions]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))
            .Concat([new("selectedIds", bldga.ToString()), new("selectedIds", floor1.ToString()), new("reason", "Use the building codes.")])
            .ToList();
        await company.RetrieveEditAndResendAsync(bldga, "Building A, corrected");

        var results = Html.Parse(await approver.FollowAsync(await approver.PostAsync("BulkReject", seen)));

        results.One($"[data-bulk-result=\"{bldga}\"]").Text().ShouldBe($"BLDGA: {Changed}");
        (await App.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
        (await App.StateAsync(floor1)).ShouldBe(SubJobState.Rejected);
    }

    private static List<KeyValuePair<string, string>> FormFields(AngleSharp.Dom.IElement row, string selector) => FormFields(row.One(selector));

    private static List<KeyValuePair<string, string>> FormFields(AngleSharp.Dom.IElement form)
    {
        // The antiforgery token is added when posting.
        var fields = form.QuerySelectorAll("input[name]:not([name=__RequestVerificationToken])")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .ToList();
        fields.ShouldContain(f => f.Key == "version", "the form carries the version its row showed");
        return fields;
    }
}
