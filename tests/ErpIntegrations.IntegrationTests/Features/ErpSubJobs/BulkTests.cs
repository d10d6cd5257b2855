using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.ErpSubJobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class BulkTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task BulkAccept_AcceptsEachUnderItsProposedId_AndReportsEachItem()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var bldga = await company.SubJobAsync(harbor, SubJobState.ReadyToExport, code: "BLDGA");
        var floor1 = await company.SubJobAsync(harbor, SubJobState.ReadyToExport, code: "FLOOR1");
        var helipad = await company.SubJobAsync(harbor, SubJobState.Exporting, code: "HELIPAD");

        var page = Html.Parse(await browser.FollowAsync(await browser.PostAsync("BulkAccept", new KeyValuePair<string, string>[]
        {
            new("selectedIds", bldga.ToString()),
            new("selectedIds", floor1.ToString()),
            new("selectedIds", helipad.ToString()),
        })));

        var text = page.Text();
        text.ShouldContain("2 of 3 selected sub jobs done.");
        text.ShouldContain("BLDGA: Exporting as BLDGA…");
        text.ShouldContain("FLOOR1: Exporting as FLOOR1…");
        text.ShouldContain("HELIPAD: Only a sub job that is Ready to Export can be accepted; this one is Exporting.");
        (await App.SubJobAsync(bldga)).ErpSubJobId.ShouldBe("BLDGA");
        (await App.StateAsync(floor1)).ShouldBe(SubJobState.Exporting);
        (await App.RequestsAsync(helipad)).Count.ShouldBe(1);

        await App.Exporter.RunOnceAsync();
        (await App.StateAsync(bldga)).ShouldBe(SubJobState.Synced);
        (await App.StateAsync(floor1)).ShouldBe(SubJobState.Synced);
    }

    [Fact]
    public async Task BulkReject_RejectsEachWithTheOneReason()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var bldga = await company.SubJobAsync(harbor, SubJobState.ReadyToExport, code: "BLDGA");
        var phase1 = await company.SubJobAsync(harbor, SubJobState.Synced, code: "PHASE1");

        var page = Html.Parse(await browser.FollowAsync(await browser.PostAsync("BulkReject", new KeyValuePair<string, string>[]
        {
            new("selectedIds", bldga.ToString()),
            new("selectedIds", phase1.ToString()),
            new("reason", "Wrong phase split."),
        })));

        page.Text().ShouldContain("BLDGA: Rejected and sent back to its project.");
        page.Text().ShouldContain("PHASE1: Only a sub job that is Ready to Export or Failed to Export can be rejected; this one is Synced.");
        var rejected = await App.SubJobAsync(bldga);
        rejected.State.ShouldBe(SubJobState.Rejected);
        rejected.RejectionReason.ShouldBe("Wrong phase split.");
        rejected.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.Rejected);
        (await App.StateAsync(phase1)).ShouldBe(SubJobState.Synced);
    }

    [Fact]
    public async Task BulkReject_WithoutAReason_ChangesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", erpJobId: "HVA-1002");
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var bldga = await company.SubJobAsync(harbor, SubJobState.ReadyToExport, code: "BLDGA");

        var response = await browser.PostAsync("BulkReject", new KeyValuePair<string, string>[] { new("selectedIds", bldga.ToString()), new("reason", "") });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("Enter a short explanation of why the sub job is rejected.");
        (await App.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task BulkAccept_WithNothingSelected_SaysSo()
    {
        var company = await shared.NewCompanyAsync();
        var browser = await Browser.SignInAsync(App, company.Approver.Email);

        var response = await browser.PostAsync("BulkAccept", new Dictionary<string, string>());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("Select at least one sub job.");
    }

    [Fact]
    public void AFullSelection_FitsInTheFormsTheAppReads()
    {
        var limit = App.Services.GetRequiredService<IOptions<FormOptions>>().Value.ValueCountLimit;

        (BulkItems.MaxItems + 10).ShouldBeLessThan(limit, "a bulk form of the most sub jobs a bulk action takes, with its other fields, is read whole");
    }

    [Theory]
    [InlineData("BulkAccept", 300)]
    [InlineData("BulkAccept", 1500)]
    [InlineData("BulkReject", 1500)]
    public async Task BulkAction_WithMoreSubJobsThanItTakes_SaysHowManyItTakes_AndChangesNothing(string handler, int count)
    {
        var company = await shared.NewCompanyAsync();
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        var bldga = await company.SubJobAsync(await company.ProjectAsync("1002", erpJobId: "HVA-1002"), SubJobState.ReadyToExport, code: "BLDGA");
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        Guid[] ids = [bldga, .. Enumerable.Range(1, count - 1).Select(_ => Guid.NewGuid())];

        var response = await browser.PostAsync(handler, [new("reason", "Wrong phase split."), .. ids.Select(id => new KeyValuePair<string, string>("selectedIds", id.ToString()))]);
        var problem = await (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{(handler == "BulkAccept" ? "bulk-accept" : "bulk-reject")}", new { ids, reason = "Wrong phase split." }))
            .ProblemAsync(HttpStatusCode.BadRequest, "ids");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Parse(await response.Content.ReadAsStringAsync()).Text().ShouldContain("Select at most 200 sub jobs at a time.");
        problem.GetProperty("errors").GetProperty("ids")[0].GetString().ShouldBe("Select at most 200 sub jobs at a time.");
        (await App.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(bldga)).ShouldBeEmpty();
    }
}
