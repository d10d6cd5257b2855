using System.Net.Http.Json;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Exports;

/// <summary>
/// A company's ERP that cannot be reached for hours: exports wait it out within Exports:RetryWindowHours behind the
/// company's circuit breaker, which lets one probe at a time reach the ERP.
/// </summary>
public sealed class ErpOutageTests
{
    private const string Job = "RMC-1001";

    [Fact]
    public async Task AnErpDownForSixHours_ThenBack_SyncsEveryExport_ProbingOneAtATime_WithoutAFailureEmail()
    {
        await using var app = new AppFactory();
        var ids = await app.SendNewSubJobsAsync(20, "OUT");
        app.Sandbox.TakeDown(DemoSeeder.DemoLedger);
        var wentDown = app.Now;
        await app.AcceptAsync(ids);

        await app.Exporter.RunOnceAsync();

        var opening = Calls(app).Total;
        opening.ShouldBe(5, "the circuit opens after Exports:BreakerMinimumCalls calls that all failed; the other requests are held without a call");
        var before = opening;
        while (app.Now < wentDown.AddHours(6))
        {
            app.Time.Advance(TimeSpan.FromMinutes(1));
            await app.Exporter.RunOnceAsync();
            var total = Calls(app).Total;
            (total - before).ShouldBeLessThanOrEqualTo(1, $"one probe at a time while the ERP is down ({app.Now:HH:mm})");
            before = total;
        }

        var (whileDown, mostAtOnce) = Calls(app);
        mostAtOnce.ShouldBe(1);
        whileDown.ShouldBeLessThanOrEqualTo(opening + 100, "probes back off to Exports:MaxRetryDelaySeconds (5 minutes ±20 %), not one call per request per round");
        var helipad = await app.IdOfAsync("HELIPAD");
        var waiting = await RequestsAsync(app, [.. ids, helipad]);
        waiting.ShouldAllBe(r => r.Status == ErpRequestStatus.InProgress && r.ErpUnreachableSince == wentDown);
        waiting.Sum(r => r.Attempts).ShouldBe(whileDown + 1, "only calls to the ERP are attempts (the demo's HELIPAD, waiting too, had one before): held requests keep theirs");
        waiting.Count(r => r.Attempts == 0).ShouldBeGreaterThanOrEqualTo(10, "most requests were only held (a claim's random slice may let another one probe now and then)");
        waiting.Where(r => r.SubJobId != helipad).ShouldAllBe(r => r.CappedAttempts == 0, "an unreachable ERP spends none of Exports:MaxAttempts");
        (await app.SubJobAsync(ids[0])).State.ShouldBe(SubJobState.Exporting);

        app.Sandbox.BringBack(DemoSeeder.DemoLedger);
        app.Time.Advance(TimeSpan.FromMinutes(7));
        await app.Exporter.RunOnceAsync();

        (Calls(app).Total - whileDown).ShouldBe(21, "the probe, then every other request once: the 20 and the demo's HELIPAD, which waited too");
        foreach (var id in ids.Append(helipad))
        {
            (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
        }

        for (var i = 0; i < ids.Count; i++)
        {
            (await app.ErpCopiesAsync(Job, $"OUT{i:D4}")).ShouldBe(1);
        }

        (await RequestsAsync(app, ids)).ShouldAllBe(r => r.Status == ErpRequestStatus.Success && r.ErpUnreachableSince == null);
        (await FailureEmailsAsync(app)).ShouldBe(0);
    }

    [Fact]
    public async Task WhileTheErpIsDown_TwoWorkersAtOnce_StillSendOneProbeAtATime()
    {
        await using var app = new AppFactory(settings: new Dictionary<string, string> { ["Exports:BatchSize"] = "2" });
        var ids = await app.SendNewSubJobsAsync(12, "TWO");
        app.Sandbox.TakeDown(DemoSeeder.DemoLedger);
        await app.AcceptAsync(ids);
        await app.Exporter.RunOnceAsync();
        var before = Calls(app).Total;
        before.ShouldBe(5);

        // Each probe now takes a while, so that the other worker looks for work while it is out.
        app.Sandbox.Latency = TimeSpan.FromMilliseconds(150);
        for (var round = 0; round < 8; round++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAll(Task.Run(() => app.Exporter.RunOnceAsync()), Task.Run(() => app.Exporter.RunOnceAsync()));
            var total = Calls(app).Total;
            (total - before).ShouldBeLessThanOrEqualTo(1, $"round {round}");
            before = total;
        }

        Calls(app).MostAtOnce.ShouldBe(1);
        (await RequestsAsync(app, ids)).ShouldAllBe(r => r.Status == ErpRequestStatus.InProgress);
    }

    [Fact]
    public async Task OneCompanysErpDown_DoesNotDelayAnotherCompanysExports()
    {
        await using var app = new AppFactory();
        var demo = await app.SendNewSubJobsAsync(10, "DOWN");
        app.Sandbox.TakeDown(DemoSeeder.DemoLedger);
        await app.AcceptAsync(demo);
        await app.Exporter.RunOnceAsync();
        Calls(app).Total.ShouldBe(5);

        var other = await app.AcceptNewSubJobsAtOtherAsync(3, "UP");
        await app.Exporter.RunOnceAsync();

        foreach (var id in other)
        {
            (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
        }

        app.Sandbox.ExportCallsTo(DemoSeeder.OtherLedger).Total.ShouldBe(3);
        Calls(app).Total.ShouldBe(5, "the demo company's requests are held until its next probe");
        (await RequestsAsync(app, demo)).ShouldAllBe(r => r.Status == ErpRequestStatus.InProgress);
    }

    [Fact]
    public async Task AfterTheRetryWindow_TheExportsFail_SayingHowLongTheErpWasUnreachable()
    {
        await using var app = new AppFactory(settings: new Dictionary<string, string> { ["Exports:RetryWindowHours"] = "2" });
        var ids = await app.SendNewSubJobsAsync(6, "GONE");
        app.Sandbox.TakeDown(DemoSeeder.DemoLedger);
        var wentDown = app.Now;
        await app.AcceptAsync(ids);

        while (app.Now < wentDown.AddHours(2) - TimeSpan.FromMinutes(5))
        {
            await app.Exporter.RunOnceAsync();
            app.Time.Advance(TimeSpan.FromMinutes(5));
        }

        foreach (var id in ids)
        {
            (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Exporting);
        }

        (await FailureEmailsAsync(app)).ShouldBe(0);

        for (var i = 0; i < 4; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(5));
            await app.Exporter.RunOnceAsync();
        }

        foreach (var id in ids)
        {
            var subJob = await app.SubJobAsync(id);
            subJob.State.ShouldBe(SubJobState.FailedToExport);
            subJob.ExportError.ShouldNotBeNull().ShouldStartWith($"Gave up: Sandbox ERP has been unreachable for 2 hours (since {wentDown:yyyy-MM-dd HH:mm} UTC).");
        }

        var probed = (await RequestsAsync(app, ids)).Where(r => r.Attempts > 0).ToList();
        probed.ShouldNotBeEmpty();
        probed.ShouldAllBe(r => r.Messages!.Contains("The last error: Sandbox ERP is unreachable (simulated outage)."));
        (await app.SubJobAsync(await app.IdOfAsync("HELIPAD"))).State.ShouldBe(SubJobState.FailedToExport, "the demo's HELIPAD waited too");
        (await FailureEmailsAsync(app)).ShouldBe(ids.Count + 1);
        for (var i = 0; i < ids.Count; i++)
        {
            (await app.ErpCopiesAsync(Job, $"GONE{i:D4}")).ShouldBe(0);
        }
    }

    [Fact]
    public async Task WhileTheErpIsDown_TheApproverSeesWhatTheExportWaitsFor_OnTheRowAndInTheApi()
    {
        await using var app = new AppFactory();
        var id = await app.AcceptNewSubJobAsync("WAIT");
        var api = await ApiClient.ForAsync(app, "approver@demo.test");
        var browser = await Browser.SignInAsync(app, "approver@demo.test");

        var normal = await api.GetJsonAsync($"/api/v1/erp/sub-jobs/{id}");
        normal.GetProperty("progress").GetString().ShouldBe("Export in progress");
        normal.GetProperty("erpUnreachableSince").ValueKind.ShouldBe(JsonValueKind.Null);
        normal.GetProperty("nextAttemptAt").ValueKind.ShouldBe(JsonValueKind.Null);

        app.Sandbox.TakeDown(DemoSeeder.DemoLedger);
        var wentDown = app.Now;
        await app.Exporter.RunOnceAsync();
        app.Time.Advance(TimeSpan.FromSeconds(1));

        var request = (await app.RequestsAsync(id)).Single();
        request.ErpUnreachableSince.ShouldBe(wentDown);
        var text = $"Waiting for Sandbox ERP — unreachable since {wentDown:HH:mm} UTC, next try {request.NextAttemptAt:HH:mm} UTC";
        var item = await api.GetJsonAsync($"/api/v1/erp/sub-jobs/{id}");
        item.GetProperty("state").GetString().ShouldBe("exporting");
        item.GetProperty("progress").GetString().ShouldBe(text);
        item.GetProperty("erpUnreachableSince").GetDateTime().ToUniversalTime().ShouldBe(wentDown);
        item.GetProperty("nextAttemptAt").GetDateTime().ToUniversalTime().ShouldBe(request.NextAttemptAt);
        var listed = (await api.GetJsonAsync("/api/v1/erp/sub-jobs?filter=ready_to_export")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("code").GetString() == "WAIT0000");
        listed.GetProperty("progress").GetString().ShouldBe(text);

        var status = await browser.Client.GetFromJsonAsync<JsonElement>($"/erp-integrations/sub-jobs/{id}/status");
        status.GetProperty("stateText").GetString().ShouldBe("Exporting");
        status.GetProperty("progress").GetString().ShouldBe(text);
        status.GetProperty("erpUnreachableSince").GetDateTime().ToUniversalTime().ShouldBe(wentDown);

        var page = await browser.GetPageAsync(ErpSubJobsPage.Path);
        var row = ErpSubJobsPage.Row(page, "WAIT0000");
        row.One(".progress").Text().ShouldBe(text);
        row.Text().ShouldNotContain("Export in progress");

        app.Sandbox.BringBack(DemoSeeder.DemoLedger);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.Exporter.RunOnceAsync();
        var synced = await api.GetJsonAsync($"/api/v1/erp/sub-jobs/{id}");
        synced.GetProperty("state").GetString().ShouldBe("synced");
        synced.GetProperty("progress").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static (int Total, int MostAtOnce) Calls(AppFactory app) => app.Sandbox.ExportCallsTo(DemoSeeder.DemoLedger);

    private static Task<List<ErpRequest>> RequestsAsync(AppFactory app, IReadOnlyList<Guid> subJobIds) =>
        app.WithDbAsync(Guid.Empty, db => db.ErpRequests.IgnoreQueryFilters().AsNoTracking().Where(r => subJobIds.Contains(r.SubJobId)).ToListAsync());

    private static Task<int> FailureEmailsAsync(AppFactory app) =>
        app.WithDbAsync(Guid.Empty, db => db.OutboxEmails.IgnoreQueryFilters().CountAsync(e => e.Kind == EmailKind.ExportFailed));
}
