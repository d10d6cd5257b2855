using System.Diagnostics.Metrics;
using System.Net;
using ErpIntegrations.Connectors;
using ErpIntegrations.Connectors.Sandbox;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Queues;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.IntegrationTests.Exports;

public sealed class ExporterTests
{
    private const string Job = "RMC-1001";

    [Fact]
    public async Task Export_WhenTheErpAccepts_EndsSyncedWithTheErpRecord()
    {
        await using var app = new AppFactory();
        var id = await app.AcceptNewSubJobAsync("OK");

        (await app.Exporter.RunOnceAsync()).ShouldBeGreaterThanOrEqualTo(1);

        var subJob = await app.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.Synced);
        subJob.ErpSubJobId.ShouldBe("OK0000");
        subJob.History.Select(h => h.Action).ShouldBe([AuditAction.Created, AuditAction.Sent, AuditAction.Accepted, AuditAction.Exported], ignoreOrder: true);
        var request = (await app.RequestsAsync(id)).ShouldHaveSingleItem();
        request.Status.ShouldBe(ErpRequestStatus.Success);
        request.Attempts.ShouldBe(1);
        request.ErpRecordId.ShouldBe(subJob.ErpRecordId);
        var inErp = (await app.SandboxStore.ListLedgerAsync(DemoSeeder.DemoLedger)).Single(j => j.JobId == Job).SubJobs.Where(s => s.ErpSubJobId == "OK0000").ShouldHaveSingleItem();
        inErp.Reference.ShouldBe(id.ToString());
        inErp.RecordId.ShouldBe(subJob.ErpRecordId);
        inErp.CostCodes.ShouldBe(["01-100"]);
    }

    [Fact]
    public async Task Export_AfterTransientFaults_IsRetriedOnScheduleAndSucceeds()
    {
        await using var app = new AppFactory(maxAttempts: 5);
        var id = await app.AcceptNewSubJobAsync("FLAKY");
        app.Sandbox.TransientFaultRate = 1;

        await app.Exporter.RunOnceAsync();
        var afterFirst = (await app.RequestsAsync(id)).Single();
        afterFirst.Status.ShouldBe(ErpRequestStatus.InProgress);
        afterFirst.Attempts.ShouldBe(1);
        afterFirst.Messages.ShouldNotBeNull().ShouldContain("temporarily unavailable");
        afterFirst.NextAttemptAt.ShouldBeGreaterThan(app.Now);
        afterFirst.LeaseToken.ShouldBeNull();
        (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Exporting);

        (await app.Exporter.RunOnceAsync()).ShouldBe(0, "the retry is not due yet");

        app.Time.Advance(afterFirst.NextAttemptAt - app.Now + TimeSpan.FromMilliseconds(1));
        await app.Exporter.RunOnceAsync();
        var afterSecond = (await app.RequestsAsync(id)).Single();
        afterSecond.Attempts.ShouldBe(2);
        (afterSecond.NextAttemptAt - app.Now).ShouldBeGreaterThan(afterFirst.NextAttemptAt - afterFirst.CreatedAt, "the backoff grows");

        app.Sandbox.TransientFaultRate = 0;
        app.Time.Advance(afterSecond.NextAttemptAt - app.Now + TimeSpan.FromMilliseconds(1));
        await app.Exporter.RunOnceAsync();

        (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
        var done = (await app.RequestsAsync(id)).Single();
        done.Status.ShouldBe(ErpRequestStatus.Success);
        done.Attempts.ShouldBe(3);
        (await app.ErpCopiesAsync(Job, "FLAKY0000")).ShouldBe(1);
    }

    [Fact]
    public async Task Export_WhenTheErpRefuses_FailsAtOnceAndKeepsTheMessage()
    {
        await using var app = new AppFactory();
        var id = await app.AcceptNewSubJobAsync("BAD");
        app.Sandbox.PermanentFaultRate = 1;

        await app.Exporter.RunOnceAsync();

        var subJob = await app.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.FailedToExport);
        subJob.ExportError.ShouldNotBeNull().ShouldContain("refused sub job BAD0000");
        subJob.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.ExportFailed);
        var request = (await app.RequestsAsync(id)).Single();
        request.Status.ShouldBe(ErpRequestStatus.Failed);
        request.Attempts.ShouldBe(1);
        request.Messages.ShouldBe(subJob.ExportError);
        (await app.ErpCopiesAsync(Job, "BAD0000")).ShouldBe(0);
    }

    [Fact]
    public async Task Export_WhileTheErpKeepsFailingTransiently_WaitsBeyondMaxAttempts_WithoutSpendingThem()
    {
        await using var app = new AppFactory(maxAttempts: 3);
        var id = await app.AcceptNewSubJobAsync("DOWN");
        app.Sandbox.TransientFaultRate = 1;
        var firstFault = app.Now;

        for (var i = 0; i < 5; i++)
        {
            await app.Exporter.RunOnceAsync();
            app.Time.Advance(TimeSpan.FromMinutes(10));
        }

        var subJob = await app.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.Exporting);
        subJob.ExportError.ShouldBeNull();
        var request = (await app.RequestsAsync(id)).Single();
        request.Status.ShouldBe(ErpRequestStatus.InProgress);
        request.Attempts.ShouldBe(5);
        request.CappedAttempts.ShouldBe(0, "Exports:MaxAttempts caps attempts that never reported, not an unreachable ERP");
        request.ErpUnreachableSince.ShouldBe(firstFault);
        request.Messages.ShouldNotBeNull().ShouldContain("temporarily unavailable");
    }

    [Fact]
    public async Task Export_InterruptedAfterWaitingForTheErp_EndsOnceTheInterruptedAttemptsReachMaxAttempts()
    {
        await using var app = new AppFactory(maxAttempts: 3);
        // The demo's Rooftop helipad export, seeded waiting for its ERP, is done first, so that every ERP call below is
        // this test's (its failures would otherwise open the company's circuit early).
        await app.Exporter.RunOnceAsync();
        app.Time.Advance(TimeSpan.FromMinutes(3));
        (await app.Exporter.RunOnceAsync()).ShouldBe(1);
        var id = await app.AcceptNewSubJobAsync("CAP");
        app.Sandbox.TransientFaultRate = 1;
        for (var i = 0; i < 4; i++)
        {
            await app.Exporter.RunOnceAsync();
            app.Time.Advance(TimeSpan.FromMinutes(1));
        }

        (await app.RequestsAsync(id)).Single().CappedAttempts.ShouldBe(0);

        app.Sandbox.TransientFaultRate = 0;
        app.Sandbox.Latency = TimeSpan.FromMinutes(1);
        for (var attempt = 5; attempt <= 7; attempt++)
        {
            // The exporter stops in the middle of the ERP call, as a crashing process would; its lease then runs out
            // without an outcome, and the next exporter takes the request over.
            using var stop = new CancellationTokenSource();
            var run = app.Exporter.RunOnceAsync(stop.Token);
            await WaitUntilAsync(async () => (await app.RequestsAsync(id)).Single().Attempts == attempt);
            await stop.CancelAsync();
            (await Record.ExceptionAsync(() => run)).ShouldBeAssignableTo<OperationCanceledException>();
            (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Exporting);
            app.Time.Advance(TimeSpan.FromSeconds(31));
        }

        app.Sandbox.Latency = TimeSpan.Zero;
        (await app.Exporter.RunOnceAsync()).ShouldBe(1);

        var subJob = await app.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.FailedToExport);
        subJob.ExportError.ShouldNotBeNull().ShouldStartWith("Gave up after 7 attempts; the last was interrupted before the ERP's answer could be recorded");
        var request = (await app.RequestsAsync(id)).Single();
        request.Status.ShouldBe(ErpRequestStatus.Failed);
        request.Attempts.ShouldBe(7);
        request.CappedAttempts.ShouldBe(3);
        (await app.ErpCopiesAsync(Job, "CAP0000")).ShouldBe(0);
    }

    [Fact]
    public async Task Retry_AfterTheFaultIsFixed_ExportsWithANewRequest()
    {
        await using var app = new AppFactory();
        var (company, approver, _) = await app.DemoAsync();
        var id = await app.AcceptNewSubJobAsync("AGAIN");
        app.Sandbox.PermanentFaultRate = 1;
        await app.Exporter.RunOnceAsync();
        app.Sandbox.PermanentFaultRate = 0;
        app.Time.Advance(TimeSpan.FromMinutes(1));

        await using (var scope = app.ScopeFor(company.Id, out var db))
        {
            var subJob = await db.SubJobs.Include(s => s.Project).Include(s => s.CostCodes).SingleAsync(s => s.Id == id);
            db.ErpRequests.Add(subJob.Retry(approver, app.Now));
            await db.SaveChangesAsync();
        }

        await app.Exporter.RunOnceAsync();

        var synced = await app.SubJobAsync(id);
        synced.State.ShouldBe(SubJobState.Synced);
        synced.ExportError.ShouldBeNull();
        synced.History.Select(h => h.Action).ShouldContain(AuditAction.Retried);
        (await app.RequestsAsync(id)).Select(r => r.Status).ShouldBe([ErpRequestStatus.Failed, ErpRequestStatus.Success]);
        (await app.ErpCopiesAsync(Job, "AGAIN0000")).ShouldBe(1);
    }

    [Fact]
    public async Task Export_AfterAnExporterCrashedHoldingTheLease_IsTakenOverWhenTheLeaseExpires()
    {
        await using var app = new AppFactory();
        var id = await app.AcceptNewSubJobAsync("CRASH");

        var crashed = await app.Exporter.TryClaimAsync(CancellationToken.None);
        crashed.ShouldNotBeNull();
        (await app.Exporter.RunOnceAsync()).ShouldBe(0, "the crashed exporter still holds the lease");

        app.Time.Advance(TimeSpan.FromSeconds(31));
        (await app.Exporter.RunOnceAsync()).ShouldBe(1);

        (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
        (await app.RequestsAsync(id)).Single().Attempts.ShouldBe(1);
        (await app.ErpCopiesAsync(Job, "CRASH0000")).ShouldBe(1);
    }

    [Fact]
    public async Task Export_InterruptedOnEveryAttempt_EndsFailedToExportOnceTheAttemptsAreUsed()
    {
        await using var app = new AppFactory(maxAttempts: 3);
        var id = await app.AcceptNewSubJobAsync("CUT");
        app.Sandbox.Latency = TimeSpan.FromMinutes(1);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            // The exporter stops in the middle of the ERP call, as a crashing process would: no outcome is saved.
            using var stop = new CancellationTokenSource();
            var run = app.Exporter.RunOnceAsync(stop.Token);
            await WaitUntilAsync(async () => (await app.RequestsAsync(id)).Single().Attempts == attempt);
            await stop.CancelAsync();
            (await Record.ExceptionAsync(() => run)).ShouldBeAssignableTo<OperationCanceledException>();
            app.Time.Advance(TimeSpan.FromSeconds(31));
        }

        app.Sandbox.Latency = TimeSpan.Zero;
        (await app.Exporter.RunOnceAsync()).ShouldBe(1);

        var subJob = await app.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.FailedToExport);
        subJob.ExportError.ShouldNotBeNull().ShouldStartWith("The export was interrupted 3 times before the ERP's answer could be recorded");
        subJob.History.OrderBy(h => h.Id).Last().Action.ShouldBe(AuditAction.ExportFailed);
        var request = (await app.RequestsAsync(id)).Single();
        request.Status.ShouldBe(ErpRequestStatus.Failed);
        request.Attempts.ShouldBe(3);
        (await app.ErpCopiesAsync(Job, "CUT0000")).ShouldBe(0);
    }

    [Fact]
    public async Task Export_WhenTheErpDoesNotAnswerBeforeTheLeaseEnds_IsCancelledAndRetriedLater()
    {
        await using var app = new AppFactory(maxAttempts: 3);
        var id = await app.AcceptNewSubJobAsync("MUTE");
        app.Sandbox.Latency = TimeSpan.FromMinutes(1);

        var run = app.Exporter.RunOnceAsync();
        await WaitUntilAsync(async () => (await app.RequestsAsync(id)).Single().Attempts == 1);
        app.Time.Advance(TimeSpan.FromSeconds(25));
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        var waiting = (await app.RequestsAsync(id)).Single();
        waiting.Status.ShouldBe(ErpRequestStatus.InProgress);
        waiting.Attempts.ShouldBe(1);
        waiting.Messages.ShouldBe("The ERP did not answer within 25 seconds.");
        waiting.LeaseToken.ShouldBeNull();
        waiting.NextAttemptAt.ShouldBeGreaterThan(app.Now);
        (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Exporting);

        app.Sandbox.Latency = TimeSpan.Zero;
        app.Time.Advance(waiting.NextAttemptAt - app.Now + TimeSpan.FromMilliseconds(1));
        await app.Exporter.RunOnceAsync();

        (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
        (await app.RequestsAsync(id)).Single().Attempts.ShouldBe(2);
        (await app.ErpCopiesAsync(Job, "MUTE0000")).ShouldBe(1);
    }

    [Fact]
    public async Task Export_WhenTheConnectorThrows_KeepsAReadableMessageAndLeavesTheDetailsToTheLog()
    {
        await using var app = new AppFactory(maxAttempts: 1);
        var id = await app.AcceptNewSubJobAsync("BOOM");
        await using (var sandbox = new SqliteConnection(app.Services.GetRequiredService<IOptions<SandboxErpOptions>>().Value.ConnectionString))
        {
            await sandbox.OpenAsync();
            await using var breakIt = sandbox.CreateCommand();
            breakIt.CommandText = "ALTER TABLE SubJobs RENAME TO SubJobsGone";
            await breakIt.ExecuteNonQueryAsync();
        }

        await app.Exporter.RunOnceAsync();

        var request = (await app.RequestsAsync(id)).Single();
        var subJob = await app.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.FailedToExport);
        subJob.ExportError.ShouldBe($"Gave up after 1 attempts. The ERP connector failed unexpectedly; see the server log (reference {request.Id}).");
        request.Messages.ShouldBe(subJob.ExportError);
    }

    [Fact]
    public async Task ABatchWhoseLeaseRanOut_IsExportedOnceByTheWorkerThatTookItOver()
    {
        await using var app = new AppFactory();
        var ids = await app.SendNewSubJobsAsync(5, "SLOW");
        await app.AcceptAsync(ids);
        var slow = (await app.Exporter.TryClaimAsync(CancellationToken.None)).ShouldNotBeNull();
        slow.Ids.Count.ShouldBeGreaterThanOrEqualTo(5);

        app.Time.Advance(TimeSpan.FromSeconds(31));
        (await app.Exporter.RunOnceAsync()).ShouldBeGreaterThanOrEqualTo(5);
        await app.Exporter.ExportAsync(slow, CancellationToken.None);

        foreach (var id in ids)
        {
            (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
            (await app.RequestsAsync(id)).ShouldHaveSingleItem().Attempts.ShouldBe(1);
        }

        for (var i = 0; i < 5; i++)
        {
            (await app.ErpCopiesAsync(Job, $"SLOW{i:D4}")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task ABatchSave_WhenAnotherWorkerTookOneRequestOver_SavesTheOthers_AndLeavesThatOneToIt()
    {
        await using var app = new AppFactory();
        var ids = await app.SendNewSubJobsAsync(3, "LOST");
        await app.AcceptAsync(ids);
        var settings = new LeasedQueueSettings
        {
            WorkName = "ERP request",
            BatchSize = 100,
            Lease = TimeSpan.FromSeconds(30),
            MaxAttempts = 5,
            Backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)),
        };
        var queue = new LeasedQueue<ErpRequest>(app.Services.GetRequiredService<IServiceScopeFactory>(), r => r.Status == ErpRequestStatus.InProgress, settings, app.Time, NullLogger.Instance);
        var claim = (await queue.ClaimAsync(CancellationToken.None)).ShouldNotBeNull();
        await using var batch = (await queue.OpenAsync(claim, CancellationToken.None)).ShouldNotBeNull();
        var attempts = (await batch.StartAsync([.. batch.Claimed.Select(r => r.Id)], CancellationToken.None)).Where(a => ids.Contains(a.Item.SubJobId)).ToList();
        attempts.Count.ShouldBe(3);
        foreach (var attempt in attempts)
        {
            attempt.Item.Fail("Recorded by the first worker.", app.Now);
        }

        // Its lease ran out meanwhile, and another worker claimed it.
        var lost = attempts[1].Item.Id;
        await app.WithDbAsync(Guid.Empty, db => db.ErpRequests.IgnoreQueryFilters().Where(r => r.Id == lost)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseToken, (Guid?)Guid.NewGuid())));
        var forgotten = new List<Guid>();
        await batch.SaveAsync(
            attempt =>
            {
                forgotten.Add(attempt.Item.Id);
                attempt.Db.Entry(attempt.Item).State = EntityState.Detached;
            },
            CancellationToken.None);

        forgotten.ShouldBe([lost]);
        foreach (var attempt in attempts)
        {
            var saved = (await app.RequestsAsync(attempt.Item.SubJobId)).Single();
            saved.Status.ShouldBe(attempt.Item.Id == lost ? ErpRequestStatus.InProgress : ErpRequestStatus.Failed);
        }
    }

    [Fact]
    public async Task AnAnsweringErp_GetsTheClaimedExportsInCallsOfAtMostItsMaxExportsPerCall()
    {
        await using var app = new AppFactory();
        app.Time.Advance(TimeSpan.FromHours(1));
        await app.Exporter.RunOnceAsync(); // the demo's own exports, and the ERP has answered

        // An ERP that takes at most 7 records a call (a connector that sends them one at a time says 20).
        app.Sandbox.MaxExportsPerCall = 7;
        var capped = await app.SendNewSubJobsAsync(20, "CAP");
        await app.AcceptAsync(capped);
        await app.Exporter.RunOnceAsync();
        app.Sandbox.LargestCallTo(DemoSeeder.DemoLedger).ShouldBe(7);

        // The Sandbox ERP itself writes a whole claim in one call and one transaction.
        app.Sandbox.MaxExportsPerCall = int.MaxValue;
        var whole = await app.SendNewSubJobsAsync(30, "ALL");
        await app.AcceptAsync(whole);
        await app.Exporter.RunOnceAsync();
        app.Sandbox.LargestCallTo(DemoSeeder.DemoLedger).ShouldBe(30);

        for (var i = 0; i < 20; i++)
        {
            (await app.ErpCopiesAsync(Job, $"CAP{i:D4}")).ShouldBe(1);
        }

        for (var i = 0; i < 30; i++)
        {
            (await app.ErpCopiesAsync(Job, $"ALL{i:D4}")).ShouldBe(1);
        }

        foreach (var id in capped.Concat(whole))
        {
            (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
        }
    }

    [Fact]
    public async Task AnExportTakenOverDuringItsErpCall_IsCountedOnlyByTheWorkerWhoseOutcomeIsSaved()
    {
        await using var app = new AppFactory();
        // The demo's own exports out of the way first.
        app.Time.Advance(TimeSpan.FromHours(1));
        await app.Exporter.RunOnceAsync();
        var ids = await app.SendNewSubJobsAsync(3, "TOOK");
        await app.AcceptAsync(ids);
        var requests = new List<ErpRequest>();
        foreach (var id in ids)
        {
            requests.Add((await app.RequestsAsync(id)).Single());
        }

        var synced = 0L;
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "erp_integrations.exports")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "outcome", Value: "synced" })
                {
                    Interlocked.Add(ref synced, value);
                }
            }
        });
        listener.Start();

        // The ERP takes its time; while it works, another worker takes one of the requests over.
        app.Sandbox.Latency = TimeSpan.FromSeconds(2);
        var claim = (await app.Exporter.TryClaimAsync(CancellationToken.None)).ShouldNotBeNull();
        var first = Task.Run(() => app.Exporter.ExportAsync(claim, CancellationToken.None));
        var taken = requests[1].Id;
        while ((await app.WithDbAsync(Guid.Empty, db => db.ErpRequests.IgnoreQueryFilters().SingleAsync(r => r.Id == taken))).Attempts == 0)
        {
            await Task.Delay(20);
        }

        await app.WithDbAsync(Guid.Empty, db => db.ErpRequests.IgnoreQueryFilters().Where(r => r.Id == taken)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseToken, (Guid?)Guid.NewGuid())));
        await first;

        Interlocked.Read(ref synced).ShouldBe(2, "the outcome recorded on the request taken over was not saved, so it is not counted");
        (await app.SubJobAsync(requests[1].SubJobId)).State.ShouldBe(SubJobState.Exporting);

        // The worker that took it over (here: its lease runs out and the exporter runs again) exports and counts it.
        app.Sandbox.Latency = TimeSpan.Zero;
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await app.Exporter.RunOnceAsync();
        Interlocked.Read(ref synced).ShouldBe(3);
        for (var i = 0; i < ids.Count; i++)
        {
            (await app.SubJobAsync(ids[i])).State.ShouldBe(SubJobState.Synced);
            (await app.ErpCopiesAsync(Job, $"TOOK{i:D4}")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Export_AfterACrashBetweenTheErpWriteAndOurSave_EndsSyncedWithOneErpRecord()
    {
        await using var app = new AppFactory();
        var (company, _, _) = await app.DemoAsync();
        var id = await app.AcceptNewSubJobAsync("HALF");
        var request = (await app.RequestsAsync(id)).Single();

        // The exporter called the ERP, the ERP wrote the record, and the process died before saving.
        var connector = app.Services.GetRequiredService<ErpConnectors>().For(company);
        var firstWrite = (ErpExportResult.Succeeded)await connector.ExportSubJobAsync(request.ReadPayload(), CancellationToken.None);

        await app.Exporter.RunOnceAsync();

        var subJob = await app.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.Synced);
        subJob.ErpRecordId.ShouldBe(firstWrite.ErpRecordId);
        (await app.ErpCopiesAsync(Job, "HALF0000")).ShouldBe(1);
    }

    [Fact]
    public async Task Export_WhenTheErpAlreadyHoldsOurRecord_SucceedsWithItDespiteSimulatedFaults()
    {
        await using var app = new AppFactory();
        var id = await app.AcceptNewSubJobAsync("HELD");

        // An earlier attempt wrote the record and the process died before saving; now the ERP refuses everything new.
        var recordId = await app.SandboxStore.AddSubJobAsync(DemoSeeder.DemoLedger, new ErpSubJob("", Job, "HELD0000", "Test sub job 0", id.ToString(), ["01-100"]), app.Now);
        app.Sandbox.PermanentFaultRate = 1;

        await app.Exporter.RunOnceAsync();

        var subJob = await app.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.Synced);
        subJob.ErpRecordId.ShouldBe(recordId);
        (await app.RequestsAsync(id)).Single().Status.ShouldBe(ErpRequestStatus.Success);
        (await app.ErpCopiesAsync(Job, "HELD0000")).ShouldBe(1);
    }

    [Fact]
    public async Task Export_WhenTheErpJobIdIsTakenByAnotherRecord_FailsNamingTheConflict()
    {
        await using var app = new AppFactory();
        var id = await app.AcceptNewSubJobAsync("TAKEN");
        await app.SandboxStore.AddSubJobAsync(DemoSeeder.DemoLedger, new ErpSubJob("", Job, "TAKEN0000", "Typed into the ERP by hand", null, []), app.Now);

        await app.Exporter.RunOnceAsync();

        var subJob = await app.SubJobAsync(id);
        subJob.State.ShouldBe(SubJobState.FailedToExport);
        subJob.ExportError.ShouldNotBeNull().ShouldContain("TAKEN0000 already exists under job RMC-1001");
        (await app.ErpCopiesAsync(Job, "TAKEN0000")).ShouldBe(1);
    }

    [Fact]
    public async Task TwoExporters_OnOneDatabase_ExportEveryRequestExactlyOnce()
    {
        await using var app = new AppFactory();
        var ids = await app.SendNewSubJobsAsync(40, "PAR");
        await app.AcceptAsync(ids);
        var second = new Exporter(
            app.Services.GetRequiredService<IServiceScopeFactory>(),
            app.Services.GetRequiredService<ErpConnectors>(),
            new ErpCircuitBreakers(app.Services.GetRequiredService<IOptions<ExportOptions>>(), app.Time),
            app.Services.GetRequiredService<IOptions<ExportOptions>>(),
            app.Time,
            NullLogger<Exporter>.Instance);

        var handled = await Task.WhenAll(Task.Run(() => app.Exporter.RunOnceAsync()), Task.Run(() => second.RunOnceAsync()));

        handled.Sum().ShouldBe(40);
        var requests = await app.WithDbAsync(Guid.Empty, db => db.ErpRequests.IgnoreQueryFilters().Where(r => ids.Contains(r.SubJobId)).ToListAsync());
        requests.Count.ShouldBe(40);
        requests.ShouldAllBe(r => r.Status == ErpRequestStatus.Success && r.Attempts == 1);
        var ledger = (await app.SandboxStore.ListLedgerAsync(DemoSeeder.DemoLedger)).Single(j => j.JobId == Job).SubJobs;
        ledger.Count(s => s.ErpSubJobId.StartsWith("PAR", StringComparison.Ordinal)).ShouldBe(40);
        ledger.Where(s => s.Reference is not null).GroupBy(s => s.Reference).ShouldAllBe(g => g.Count() == 1);
    }

    [Fact]
    public async Task BackgroundExporter_IsWokenByAccept()
    {
        // Polling every ten minutes: within the test's bound only the wake-up signal can start the export.
        await using var app = new AppFactory(backgroundExporter: true, settings: new Dictionary<string, string> { ["Exports:PollSeconds"] = "600" });
        _ = app.Services;
        await Task.Delay(500);
        var id = await app.AcceptNewSubJobAsync("WAKE");

        await WaitUntilAsync(async () => (await app.SubJobAsync(id)).State != SubJobState.Exporting);

        (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
    }

    [Fact]
    public async Task BackgroundExporter_IsWokenByAnAcceptThroughTheApi_OnceItsTransactionHasCommitted()
    {
        // Accept saves inside its own transaction (ErpTarget): the wake-up must come at the commit, not be lost.
        await using var app = new AppFactory(backgroundExporter: true, settings: new Dictionary<string, string> { ["Exports:PollSeconds"] = "600" });
        _ = app.Services;
        await Task.Delay(500);
        var id = (await app.SendNewSubJobsAsync(1, "WAKEAPI"))[0];
        var approver = await ApiClient.ForAsync(app, "approver@demo.test");

        await (await approver.PostJsonAsync($"/api/v1/erp/sub-jobs/{id}/accept")).JsonAsync(HttpStatusCode.Accepted);
        await WaitUntilAsync(async () => (await app.SubJobAsync(id)).State != SubJobState.Exporting);

        (await app.SubJobAsync(id)).State.ShouldBe(SubJobState.Synced);
    }

    /// <summary>A generous wall-clock bound for work done on other threads; the machine may be busy.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var waited = TimeSpan.Zero;
        while (!await condition())
        {
            waited.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the condition did not hold within 10 s");
            await Task.Delay(50);
            waited += TimeSpan.FromMilliseconds(50);
        }
    }
}
