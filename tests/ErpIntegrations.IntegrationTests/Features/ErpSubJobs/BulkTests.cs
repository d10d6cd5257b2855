using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed class BulkTests
{
    [Fact]
    public async Task BulkAccept_AcceptsEachUnderItsProposedId_AndReportsEachItem()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var bldga = await app.IdOfAsync("BLDGA");
        var floor1 = await app.IdOfAsync("FLOOR1");
        var helipad = await app.IdOfAsync("HELIPAD");

        var page = WebUtility.HtmlDecode(await browser.FollowAsync(await browser.PostAsync("BulkAccept", new KeyValuePair<string, string>[]
        {
            new("selectedIds", bldga.ToString()),
            new("selectedIds", floor1.ToString()),
            new("selectedIds", helipad.ToString()),
        })));

        page.ShouldContain("2 of 3 selected sub jobs done.");
        page.ShouldContain("BLDGA: Exporting as BLDGA…");
        page.ShouldContain("FLOOR1: Exporting as FLOOR1…");
        page.ShouldContain("HELIPAD: Only a sub job that is Ready to Export can be accepted; this one is Exporting.");
        (await app.SubJobAsync(bldga)).ErpSubJobId.ShouldBe("BLDGA");
        (await app.StateAsync(floor1)).ShouldBe(SubJobState.Exporting);
        (await app.RequestsAsync(helipad)).Count.ShouldBe(1);

        await app.Exporter.RunOnceAsync();
        (await app.StateAsync(bldga)).ShouldBe(SubJobState.Synced);
        (await app.StateAsync(floor1)).ShouldBe(SubJobState.Synced);
    }

    [Fact]
    public async Task BulkReject_RejectsEachWithTheOneReason()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var bldga = await app.IdOfAsync("BLDGA");
        var phase1 = await app.IdOfAsync("PHASE1");

        var page = await browser.FollowAsync(await browser.PostAsync("BulkReject", new KeyValuePair<string, string>[]
        {
            new("selectedIds", bldga.ToString()),
            new("selectedIds", phase1.ToString()),
            new("reason", "Wrong phase split."),
        }));

        page.ShouldContain("BLDGA: Rejected and sent back to its project.");
        page.ShouldContain("PHASE1: Only a sub job that is Ready to Export or Failed to Export can be rejected; this one is Synced.");
        var rejected = await app.SubJobAsync(bldga);
        rejected.State.ShouldBe(SubJobState.Rejected);
        rejected.RejectionReason.ShouldBe("Wrong phase split.");
        rejected.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.Rejected);
        (await app.StateAsync(phase1)).ShouldBe(SubJobState.Synced);
    }

    [Fact]
    public async Task BulkReject_WithoutAReason_ChangesNothing()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var bldga = await app.IdOfAsync("BLDGA");

        var response = await browser.PostAsync("BulkReject", new KeyValuePair<string, string>[] { new("selectedIds", bldga.ToString()), new("reason", "") });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Enter a short explanation of why the sub job is rejected.");
        (await app.StateAsync(bldga)).ShouldBe(SubJobState.ReadyToExport);
    }

    [Fact]
    public async Task BulkAccept_WithNothingSelected_SaysSo()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");

        var response = await browser.PostAsync("BulkAccept", new Dictionary<string, string>());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Select at least one sub job.");
    }
}
