// Accept → Synced: latency of single exports and throughput of a batch, with the Sandbox ERP at zero
// added latency, on the real app (its DbContext, its background exporter, its wake-up signal). Absolute figures
// swing threefold on a shared machine, so each is printed beside a baseline measured in the same run: raw
// single-row SQLite transactions (WAL, the default synchronous=FULL, as the app's database) in the same folder.
//   dotnet run -c Release --project bench/ErpIntegrations.Bench [-- --count 1000 --batch 10000]
//   add --Database:Provider=Postgres --ConnectionStrings:Default="Host=...;Database=erp_bench" for PostgreSQL
using System.Diagnostics;
using System.Globalization;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

var dataDirectory = Path.Combine(Path.GetTempPath(), "erp-bench", Guid.NewGuid().ToString("N"));
var count = Option("--count", 1000);
var batch = Option("--batch", 10_000);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)),
        $"--App:DataDirectory={dataDirectory}", "--urls=http://127.0.0.1:0"],
    EnvironmentName = "Production",
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddErpIntegrations();
await using var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseErpIntegrations();
await app.StartAsync();

var provider = app.Configuration["Database:Provider"] ?? "Sqlite";
Console.WriteLine($"ERP Integrations export benchmark — {provider}, Sandbox ERP at 0 ms added latency, {Environment.ProcessorCount} cores");

var (commitMedian, commitsPerSecond) = await RawSqliteCommitsAsync(1000);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Baseline, raw SQLite single-row UPDATE transactions: median {commitMedian:F2} ms a commit, {commitsPerSecond:F0} commits/s"));

var latencies = new List<double>(count);
var singles = await CreateReadySubJobsAsync(count, "L");
foreach (var id in singles)
{
    var stopwatch = Stopwatch.StartNew();
    await AcceptAsync([id]);
    await WaitUntilFinishedAsync([id]);
    latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
}

latencies.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Accept → Synced, one at a time, {count} sub jobs: median {Percentile(0.50):F1} ms ({Percentile(0.50) / commitMedian:F1}× a raw commit), p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms"));

var many = await CreateReadySubJobsAsync(batch, "B");
var batchWatch = Stopwatch.StartNew();
await AcceptAsync(many);
await WaitUntilFinishedAsync(many);
batchWatch.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Batch of {batch} accepted at once → all Synced in {batchWatch.Elapsed.TotalSeconds:F1} s: {batch / batchWatch.Elapsed.TotalSeconds:F0} sub jobs/s ({100 * batch / batchWatch.Elapsed.TotalSeconds / commitsPerSecond:F0} % of the raw commit rate)"));

var notSynced = await NotSyncedAsync([.. singles, .. many]);
if (notSynced > 0)
{
    Console.WriteLine($"{notSynced} sub jobs ended Failed to Export instead of Synced: the figures above include them.");
}

await app.StopAsync();
try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (IOException)
{
}

return;

double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];

async Task<(double MedianMilliseconds, double PerSecond)> RawSqliteCommitsAsync(int transactions)
{
    await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "baseline.db")};Pooling=false");
    await connection.OpenAsync();
    await using (var setup = connection.CreateCommand())
    {
        setup.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0);";
        await setup.ExecuteNonQueryAsync();
    }

    var commits = new List<double>(transactions);
    var total = Stopwatch.StartNew();
    for (var i = 0; i < transactions; i++)
    {
        var one = Stopwatch.StartNew();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE counter SET value = value + 1 WHERE id = 1";
        await update.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        commits.Add(one.Elapsed.TotalMilliseconds);
    }

    total.Stop();
    commits.Sort();
    return (commits[commits.Count / 2], transactions / total.Elapsed.TotalSeconds);
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

async Task<(Company Company, Actor Approver, Actor ProjectAdmin, AsyncServiceScope Scope, AppDbContext Db)> OpenAsync()
{
    var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var company = await db.Companies.SingleAsync(c => c.Name == "Demo Construction Co.");
    scope.ServiceProvider.GetRequiredService<CurrentCompany>().Id = company.Id;
    var approver = (await db.Users.SingleAsync(u => u.Email == "approver@demo.test")).ToActor();
    var pm = (await db.Users.SingleAsync(u => u.Email == "pm@demo.test")).ToActor();
    return (company, approver, pm, scope, db);
}

async Task<List<Guid>> CreateReadySubJobsAsync(int howMany, string prefix)
{
    var (company, _, pm, scope, db) = await OpenAsync();
    await using var _ = scope;
    ErpCapabilities erp = app.Services.GetRequiredService<ErpConnectors>().For(company).Capabilities;
    var project = await db.Projects.SingleAsync(p => p.Number == "1002");
    var costCode = await db.CostCodes.OrderBy(c => c.Code).FirstAsync();
    var now = TimeProvider.System.GetUtcNow().UtcDateTime;
    var ids = new List<Guid>(howMany);
    for (var i = 0; i < howMany; i++)
    {
        var subJob = SubJob.Create(project, $"{prefix}{i:D6}", $"Benchmark sub job {i}", [costCode], pm, now);
        subJob.SendToErp(erp, pm, now);
        db.SubJobs.Add(subJob);
        ids.Add(subJob.Id);
    }

    await db.SaveChangesAsync();
    return ids;
}

async Task AcceptAsync(IReadOnlyCollection<Guid> ids)
{
    var (_, approver, _, scope, db) = await OpenAsync();
    await using var _ = scope;
    var now = TimeProvider.System.GetUtcNow().UtcDateTime;
    foreach (var chunk in ids.Chunk(500))
    {
        var subJobs = await db.SubJobs.Include(s => s.Project).Include(s => s.CostCodes).Where(s => chunk.Contains(s.Id)).ToListAsync();
        foreach (var subJob in subJobs)
        {
            db.ErpRequests.Add(subJob.Accept(subJob.Code, approver, now));
        }
    }

    await db.SaveChangesAsync();
}

async Task<int> NotSyncedAsync(IReadOnlyCollection<Guid> ids)
{
    var (_, _, _, scope, db) = await OpenAsync();
    await using var _ = scope;
    return await db.SubJobs.CountAsync(s => ids.Contains(s.Id) && s.State != SubJobState.Synced);
}

/// <summary>Until the export has an outcome: Synced, or Failed to Export (counted separately), never waiting out a failure.</summary>
async Task WaitUntilFinishedAsync(IReadOnlyCollection<Guid> ids)
{
    var (_, _, _, scope, db) = await OpenAsync();
    await using var _ = scope;
    var pending = ids.Count == 1
        ? db.SubJobs.Where(s => s.Id == ids.First() && s.State == SubJobState.Exporting)
        : db.ErpRequests.Where(r => r.Status == ErpRequestStatus.InProgress).Select(r => r.SubJobId)
            .Join(db.SubJobs.Where(s => s.Code.StartsWith("B")), r => r, s => s.Id, (_, s) => s);
    var timeout = Stopwatch.StartNew();
    while (await pending.AnyAsync())
    {
        if (timeout.Elapsed > TimeSpan.FromMinutes(10))
        {
            throw new TimeoutException("Exports did not finish within 10 minutes.");
        }

        await Task.Delay(ids.Count == 1 ? 1 : 100);
    }
}
