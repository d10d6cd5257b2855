using ErpIntegrations.Connectors;
using ErpIntegrations.Connectors.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.IntegrationTests.Connectors.Sandbox;

public sealed class SandboxErpStoreTests : IDisposable
{
    private const string Ledger = "test";
    private static readonly DateTime Now = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sandbox-erp-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task AddSubJob_WithAnErpJobIdTheJobHoldsInAnotherCase_IsRefused()
    {
        var store = await StoreAsync();
        await store.AddSubJobAsync(Ledger, SubJob("PHASE1"), Now);

        await Should.ThrowAsync<DbUpdateException>(() => store.AddSubJobAsync(Ledger, SubJob("phase1"), Now));

        (await store.CountSubJobsAsync(Ledger, "J1", "Phase1")).ShouldBe(1);
    }

    [Fact]
    public async Task EnsureCreated_GivesAStoreOfAnEarlierVersionTheCaseInsensitiveRule()
    {
        var store = await StoreAsync();
        await DropCaseInsensitiveIndexAsync();

        await store.EnsureCreatedAsync();

        await store.AddSubJobAsync(Ledger, SubJob("PHASE1"), Now);
        await Should.ThrowAsync<DbUpdateException>(() => store.AddSubJobAsync(Ledger, SubJob("phase1"), Now));
    }

    [Fact]
    public async Task EnsureCreated_OnAStoreOfAnEarlierVersionHoldingIdsThatDifferOnlyInCase_StillOpens()
    {
        var store = await StoreAsync();
        await DropCaseInsensitiveIndexAsync();
        await store.AddSubJobAsync(Ledger, SubJob("PHASE1"), Now);
        await store.AddSubJobAsync(Ledger, SubJob("phase1"), Now);

        await store.EnsureCreatedAsync();

        (await store.CountSubJobsAsync(Ledger, "J1", "PHASE1")).ShouldBe(2);
        (await store.ListLedgerAsync(Ledger)).ShouldHaveSingleItem().SubJobs.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ExportAndList_ACostCodeHoldingAComma_RoundTripsAsOneCode()
    {
        var store = await StoreAsync();
        var options = new SandboxErpOptions { ConnectionString = $"Data Source={_file}" };
        var connector = new SandboxErpConnector(store, options, new SandboxErpFaults(Options.Create(options)), TimeProvider.System, Ledger);

        var exported = await connector.ExportSubJobAsync(
            new ErpSubJobExport(Guid.NewGuid().ToString(), "J1", "PHASE1", "Phase one", [new("03,100", "Concrete"), new("22-100", "Plumbing")]),
            TestContext.Current.CancellationToken);

        exported.ShouldBeOfType<ErpExportResult.Succeeded>();
        (await connector.ListSubJobsAsync("J1", TestContext.Current.CancellationToken)).ShouldHaveSingleItem().CostCodes.ShouldBe(["03,100", "22-100"]);
    }

    [Fact]
    public async Task AddSubJob_WithCostCodesHoldingCommasAndQuotes_ListsThemAsTheyWere()
    {
        var store = await StoreAsync();

        await store.AddSubJobAsync(Ledger, SubJob("PHASE1") with { CostCodes = ["03,100", "say \"hi\"", "[x]"] }, Now);

        (await store.ListLedgerAsync(Ledger)).ShouldHaveSingleItem().SubJobs.ShouldHaveSingleItem().CostCodes.ShouldBe(["03,100", "say \"hi\"", "[x]"]);
    }

    [Fact]
    public async Task EnsureCreated_OnAStoreThatJoinedCostCodesWithCommas_ListsEachCodeApart()
    {
        var store = await StoreAsync();
        await store.AddSubJobAsync(Ledger, SubJob("PHASE1"), Now);
        await store.AddSubJobAsync(Ledger, SubJob("PHASE2"), Now);
        await store.AddSubJobAsync(Ledger, SubJob("PHASE3"), Now);
        await ExecuteAsync(
            """
            UPDATE "SubJobs" SET "CostCodes" = '01-100,22-100' WHERE "ErpSubJobId" = 'PHASE1';
            UPDATE "SubJobs" SET "CostCodes" = '' WHERE "ErpSubJobId" = 'PHASE2';
            UPDATE "SubJobs" SET "CostCodes" = '26-050' WHERE "ErpSubJobId" = 'PHASE3';
            PRAGMA user_version = 0;
            """);

        await store.EnsureCreatedAsync();
        await store.EnsureCreatedAsync();

        var listed = (await store.ListLedgerAsync(Ledger)).ShouldHaveSingleItem().SubJobs.ToDictionary(s => s.ErpSubJobId, s => s.CostCodes);
        listed["PHASE1"].ShouldBe(["01-100", "22-100"]);
        listed["PHASE2"].ShouldBeEmpty();
        listed["PHASE3"].ShouldBe(["26-050"]);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, $"{_file}-wal", $"{_file}-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    private static ErpSubJob SubJob(string erpSubJobId) => new("", "J1", erpSubJobId, "Phase one", null, ["01-100"]);

    private async Task<SandboxErpStore> StoreAsync()
    {
        var store = new SandboxErpStore(Options.Create(new SandboxErpOptions { ConnectionString = $"Data Source={_file}" }));
        await store.EnsureCreatedAsync();
        await store.AddJobAsync(Ledger, "J1", "Job one");
        return store;
    }

    /// <summary>Makes the store look like one written by the version before the case-insensitive rule.</summary>
    private Task DropCaseInsensitiveIndexAsync() => ExecuteAsync("""DROP INDEX "IX_SubJobs_Ledger_JobId_ErpSubJobId_NoCase";""");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
