using System.Diagnostics;
using ErpIntegrations.CrashTests.Infrastructure;

namespace ErpIntegrations.CrashTests;

/// <summary>
/// kill -9 of the app while a bulk accept of 100 sub jobs is being answered, and a new process on the same data
/// directory: each sub job was accepted whole (its state, its audit entry and its ERP request in one transaction) and is
/// then exported once, or not at all and is still Ready to Export, to be accepted again. Nothing is left half-done.
/// </summary>
public sealed class KillDuringBulkAcceptTests
{
    private const int BatchSize = 100;

    [Fact]
    public async Task KilledDuringABulkAccept_EachSubJobIsStillReadyToExport_OrAcceptedAndExportedOnce()
    {
        await using var app = await CrashApp.StartAsync();
        var all = new List<Guid>();
        IReadOnlyList<Guid> killed = [];
        HashSet<Guid>? acceptedBeforeKill = null;
        for (var round = 0; acceptedBeforeKill is null; round++)
        {
            round.ShouldBeLessThan(5, "a kill should land while a bulk accept is being answered");
            var batch = await app.SendNewSubJobsAsync(BatchSize, $"B{round}");
            all.AddRange(batch);
            var bulk = app.PostBulkAcceptAsync(batch);

            // The kill comes once a quarter of the bulk is through, as the database file shows it: the app's own answers
            // may lag behind a busy bulk accept by more than the whole of it takes.
            var waited = Stopwatch.StartNew();
            while (!bulk.IsCompleted && Accepted(await app.SubJobsWithAnErpRequestAsync(), batch).Count < BatchSize / 4)
            {
                waited.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(3), $"the bulk accept of batch {round} to get a quarter through");
                await Task.Delay(5);
            }

            if (bulk.IsCompleted)
            {
                // Answered before the test looked: another bulk accept.
                using var answered = await bulk;
                answered.EnsureSuccessStatusCode();
                app.Note($"--- bulk {round} was answered before the test looked");
                continue;
            }

            app.Kill();
            killed = batch;
            acceptedBeforeKill = Accepted(await app.SubJobsWithAnErpRequestAsync(), batch);
            app.Note($"--- the kill left {acceptedBeforeKill.Count} of the {BatchSize} sub jobs of the bulk accepted");
            try
            {
                using var _ = await bulk;
            }
            catch (HttpRequestException)
            {
                // The connection died with the process.
            }

            await app.RestartAsync();
        }

        // An accepted sub job without its ERP request would stay Exporting: nothing would ever export it.
        var afterRestart = await app.WaitUntilAsync(s => all.All(id => s[id].State != "exporting"), "every export of an accepted sub job to finish", TimeSpan.FromMilliseconds(250));
        var subJobs = all.Select(id => afterRestart[id]).ToList();
        subJobs.Where(s => s.State is not ("synced" or "ready_to_export")).ShouldBeEmpty("each sub job is accepted and exported, or still Ready to Export");
        killed.Where(id => afterRestart[id].State == "synced").ShouldBe(acceptedBeforeKill, ignoreOrder: true, "exactly the sub jobs accepted before the kill (their ERP requests on disk) are exported");
        (await app.ErpRecordsAsync()).ShouldHoldEachSyncedSubJobOnce(subJobs);
        var notAccepted = subJobs.Where(s => s.State == "ready_to_export").Select(s => s.Id).ToList();
        app.Note($"--- after the restart, {notAccepted.Count} of the {subJobs.Count} sub jobs are still Ready to Export");

        // Those the kill left Ready to Export are whole: they can be accepted, and are exported once.
        if (notAccepted.Count > 0)
        {
            await app.BulkAcceptAsync(notAccepted);
        }

        var final = await app.WaitUntilAsync(s => all.All(id => s[id].State != "exporting"), "the exports of the accepts after the restart", TimeSpan.FromMilliseconds(250));
        subJobs = [.. all.Select(id => final[id])];
        subJobs.Where(s => s.State != "synced").ShouldBeEmpty("every sub job is Synced");
        (await app.ErpRecordsAsync()).ShouldHoldEachSyncedSubJobOnce(subJobs);
    }

    private static HashSet<Guid> Accepted(IEnumerable<Guid> withAnErpRequest, IEnumerable<Guid> batch) =>
        [.. withAnErpRequest.Intersect(batch)];
}
