// Accept → Synced: latency of single exports and throughput of a batch, on the real app (each sub job accepted through
// its HTTP API with the approver's bearer token: its Accept handler, transaction, ERP target checks and audit entries;
// its background exporter, woken as the Accept commits), to the Sandbox ERP at zero added latency or to a running Tryton.
// Absolute figures swing threefold on a shared machine, so each is printed beside a baseline measured in the same run:
// raw single-row SQLite transactions (WAL, the default synchronous=FULL, as the app's database) in the same folder, and
// for Tryton one JSON-RPC call (the job list) to the same server. "instances" (InstancesBench) runs several app
// processes on one PostgreSQL database.
//   dotnet run -c Release --project bench/ErpIntegrations.Bench [-- --count 1000 --batch 10000]
//   add --Database:Provider=Postgres --ConnectionStrings:Default="Host=...;Database=erp_bench" for PostgreSQL
//   add --connector tryton for Tryton: the one scripts/tryton-demo.sh starts (and starts if needed), or another named
//   with --tryton-url URL --tryton-database DB --tryton-username USER --tryton-password PASSWORD [--tryton-jobs-root CODE];
//   its jobs must include HVA-1002, the demo project 1002's link, which the bench's sub jobs go under.
//   add --connector external for the External connector: the reference agent (tools/ErpIntegrations.Agent) claims each
//   request with the long poll over HTTP, writes it into its SQLite ledger and completes it; the extra baseline is one
//   empty claim (an HTTP round trip with the credential's look-up and the claim's query).
using System.Diagnostics;
using System.Globalization;
using ConnectorClient = ErpIntegrations.Agent.ConnectorClient;
using Ledger = ErpIntegrations.Agent.Ledger;
using ReferenceAgent = ErpIntegrations.Agent.ReferenceAgent;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Integrators;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using System.Net.Http.Json;

// --list-connections: the clients of the list measurement (32); 1 times one request after another, the steadiest CPU figure.
var concurrency = Math.Max(1, Option("--list-connections", 32));

if (args is ["seed" or "lists", ..])
{
    return await ListBench.RunAsync(args);
}

if (args is ["instances", ..])
{
    return await InstancesBench.RunAsync(args);
}

var dataDirectory = Path.Combine(Path.GetTempPath(), "erp-bench", Guid.NewGuid().ToString("N"));
var connectorName = (Text("--connector") ?? "sandbox").ToLowerInvariant();
if (connectorName is not ("sandbox" or "tryton" or "external"))
{
    Console.Error.WriteLine($"--connector is sandbox (the default), tryton or external, not \"{connectorName}\".");
    return 2;
}

var onTryton = connectorName == "tryton";
var onExternal = connectorName == "external";
// Every export to Tryton is four JSON-RPC calls, each a transaction of Tryton's own; through the agent, a claim and a
// complete over HTTP: smaller defaults.
// --list-only: the list API against /health alone, without the exports before it.
var listOnly = args.Contains("--list-only");
var count = listOnly ? 0 : Option("--count", onTryton ? 200 : onExternal ? 500 : 1000);
var batch = listOnly ? 0 : Option("--batch", onTryton ? 300 : onExternal ? 2000 : 10_000);
// Sub job codes of this run alone: Tryton keeps every run's accounts, and an ERP Job ID of an earlier run is not ours.
var run = onTryton ? Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 3)) : "";
var trytonConnection = onTryton ? await TrytonConnectionAsync() : null;
if (onTryton && trytonConnection is null)
{
    return 1;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)),
        $"--App:DataDirectory={dataDirectory}", "--urls=http://127.0.0.1:0", "--App:SeedDemo=true"],
    EnvironmentName = "Production",
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddErpIntegrations();
await using var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseErpIntegrations();
await app.StartAsync();

var provider = app.Configuration["Database:Provider"] ?? "Sqlite";
var erpName = "Sandbox ERP at 0 ms added latency";
double? callMedian = null;
if (trytonConnection is not null)
{
    if (await ConnectToTrytonAsync(trytonConnection) is not { } tryton)
    {
        await app.StopAsync();
        return 1;
    }

    erpName = tryton.Name;
    callMedian = tryton.CallMedian;
}

using var agentStop = new CancellationTokenSource();
Task? agentRun = null;
double? claimMedian = null;
if (onExternal)
{
    var (agent, emptyClaim) = await ConnectToExternalAsync();
    claimMedian = emptyClaim;
    erpName = "External ERP through the reference agent (long-poll claim over HTTP, SQLite ledger)";
    agentRun = Task.Run(() => agent.RunAsync(agentStop.Token));
}

// The approver's bearer token for the accepts.
using var api = await BenchApi.SignInAsync(new Uri(app.Urls.First()), "approver@demo.test");

Console.WriteLine($"ERP Integrations export benchmark — {provider}, {erpName}, {Environment.ProcessorCount} cores");

var (commitMedian, commitsPerSecond) = await RawSqliteCommitsAsync(1000);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Baseline, raw SQLite single-row UPDATE transactions: median {commitMedian:F2} ms a commit, {commitsPerSecond:F0} commits/s"));
if (callMedian is { } call)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Baseline, Tryton: one JSON-RPC call (search_read of the job list) median {call:F1} ms; an export makes four (two look-ups, the create, the look-up after it)"));
}

if (claimMedian is { } claim)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Baseline, connector API: one empty claim (waitSeconds 0) median {claim:F2} ms; an export is a claim and a complete"));
}

var latencies = new List<double>(count);
var singles = await CreateReadySubJobsAsync(count, "L");
if (count > 0)
{
    foreach (var id in singles)
    {
        var stopwatch = Stopwatch.StartNew();
        await AcceptAsync([id]);
        await WaitUntilFinishedAsync([id]);
        latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
    }

    latencies.Sort();
    var ratio = callMedian is { } oneCall
        ? $"{Percentile(0.50) / oneCall:F1}× a Tryton call, {Percentile(0.50) / commitMedian:F0}× a raw commit"
        : claimMedian is { } oneClaim
        ? $"{Percentile(0.50) / oneClaim:F1}× an empty claim, {Percentile(0.50) / commitMedian:F0}× a raw commit"
        : $"{Percentile(0.50) / commitMedian:F1}× a raw commit";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Accept → Synced, one at a time, {count} sub jobs: median {Percentile(0.50):F1} ms ({ratio}), p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms"));
}

List<Guid> many = batch > 0 ? await CreateReadySubJobsAsync(batch, "B") : [];
if (batch > 0)
{
    // The exporter is held while the batch is accepted, so that what follows times the exports alone (the accepts are
    // timed on their own); an integrator's agent claims as the accepts commit, so with it the two overlap as before.
    var exporterService = onExternal ? null : app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ErpIntegrations.Web.Exports.ExporterService>().Single();
    if (exporterService is not null)
    {
        await exporterService.StopAsync(CancellationToken.None);
    }

    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var batchWatch = Stopwatch.StartNew();
    await AcceptAsync(many);
    var acceptedIn = batchWatch.Elapsed.TotalSeconds;
    if (exporterService is not null)
    {
        cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        batchWatch.Restart();
        await exporterService.StartAsync(CancellationToken.None);
    }

    await WaitUntilFinishedAsync(many);
    batchWatch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    // The raw rate again right after, as the machine is now: the batch is set against the mean of the two.
    var (_, commitsAfter) = await RawSqliteCommitsAsync(1000);
    var raw = (commitsPerSecond + commitsAfter) / 2;
    var rate = batch / batchWatch.Elapsed.TotalSeconds;
    var against = callMedian is { } batchCall
        ? $"{4 * rate:F0} Tryton calls/s, against {1000 / batchCall:F0}/s for calls one at a time"
        : $"{100 * rate / raw:F0} % of the raw commit rate, {raw:F0}/s: {commitsPerSecond:F0}/s before the batch, {commitsAfter:F0}/s after";
    var exported = exporterService is not null ? "then exported: " : "";
    var whose = exporterService is null ? " (server and client)" : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Batch of {batch} accepted in bulk through the API ({ErpIntegrations.Web.Features.ErpSubJobs.BulkItems.MaxItems} a request, answered in {acceptedIn:F1} s, {batch / acceptedIn:F0} accepts/s) → {exported}all Synced in {batchWatch.Elapsed.TotalSeconds:F1} s: {rate:F0} sub jobs/s ({against}); {cpu.TotalMilliseconds / batch:F2} ms of CPU a sub job{whose}"));
}

var listSeconds = Option("--list-seconds", 5);
if (listSeconds > 0)
{
    var (health, list, errors) = await ListUnderLoadAsync(TimeSpan.FromSeconds(listSeconds));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Baseline, GET /health at {concurrency} connections: {health.Rate:F0} requests/s, {health.CpuMs:F3} ms of CPU a request"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"List API (GET /api/v1/erp/sub-jobs with a bearer token) at {concurrency} connections: {list.Rate:F0} requests/s ({100 * list.Rate / health.Rate:F0} % of /health), {list.CpuMs:F3} ms of CPU a request ({100 * health.CpuMs / list.CpuMs:F0} % of /health's){(errors > 0 ? $", {errors} answers not 200" : "")}"));
}

if (agentRun is not null)
{
    await agentStop.CancelAsync();
    try
    {
        await agentRun;
    }
    catch (OperationCanceledException)
    {
    }
}

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

return 0;

// The list API and /health on the same server, each for the same time, twice in turn (so that a neighbour's load on the
// shared machine falls on both), from `concurrency` clients in a loop. CpuMs: the process's CPU (server and client) a
// request, steadier than the rate when other work shares the machine.
async Task<((double Rate, double CpuMs) Health, (double Rate, double CpuMs) List, int Errors)> ListUnderLoadAsync(TimeSpan each)
{
    var server = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();
    var address = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = new Uri(address) };
    using var issued = await http.PostAsJsonAsync("/api/v1/tokens", new { email = "admin@demo.test", password = ErpIntegrations.Web.Data.DemoSeeder.Password, name = "bench" });
    issued.EnsureSuccessStatusCode();
    var token = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString();
    double healthRate = 0, listRate = 0, healthCpu = 0, listCpu = 0;
    var errors = 0;
    // A round of each first, not counted: JIT tiering would otherwise charge the first endpoint measured (with
    // --list-only, /health right after start-up) for compiling the server's shared code.
    await LoadAsync(http, () => new HttpRequestMessage(HttpMethod.Get, "/health"), each, concurrency);
    await LoadAsync(http, () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/erp/sub-jobs") { Headers = { Authorization = new("Bearer", token) } }, each, concurrency);
    for (var round = 0; round < 2; round++)
    {
        var checks = await LoadAsync(http, () => new HttpRequestMessage(HttpMethod.Get, "/health"), each, concurrency);
        healthRate += checks.Rate / 2;
        healthCpu += checks.CpuMs / 2;
        var pages = await LoadAsync(http, () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/erp/sub-jobs") { Headers = { Authorization = new("Bearer", token) } }, each, concurrency);
        listRate += pages.Rate / 2;
        listCpu += pages.CpuMs / 2;
        errors += pages.Errors;
    }

    return ((healthRate, healthCpu), (listRate, listCpu), errors);
}

// Requests/s over the time given, after a second of warm-up, from `concurrency` loops sharing one client; and the process's
// CPU time a request over the same time.
static async Task<(double Rate, double CpuMs, int Errors)> LoadAsync(HttpClient http, Func<HttpRequestMessage> request, TimeSpan duration, int concurrency)
{
    var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
    var endAt = warmUntil + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var counts = new int[concurrency];
    var errors = new int[concurrency];
    var cpuAtWarm = TimeSpan.Zero;
    var cpuWatch = Task.Run(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        cpuAtWarm = Process.GetCurrentProcess().TotalProcessorTime;
    });
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        while (Stopwatch.GetTimestamp() is var now && now < endAt)
        {
            using var response = await http.SendAsync(request());
            await response.Content.CopyToAsync(Stream.Null);
            if (now >= warmUntil)
            {
                counts[worker]++;
                if (!response.IsSuccessStatusCode)
                {
                    errors[worker]++;
                }
            }
        }
    }));
    await cpuWatch;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtWarm;
    return (counts.Sum() / duration.TotalSeconds, cpu.TotalMilliseconds / Math.Max(1, counts.Sum()), errors.Sum());
}

double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];

async Task<(double MedianMilliseconds, double PerSecond)> RawSqliteCommitsAsync(int transactions)
{
    var path = Path.Combine(dataDirectory, "baseline.db");
    await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
    await connection.OpenAsync();
    await using (var setup = connection.CreateCommand())
    {
        // The app's own pragmas (journal_mode=WAL is kept by the file; synchronous stays FULL, as in the app).
        setup.CommandText = $"PRAGMA journal_mode=WAL; {SqlitePragmas.Sql} CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL); INSERT OR IGNORE INTO counter VALUES (1, 0);";
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

int Option(string name, int fallback) => int.TryParse(Text(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

// "--name value" or "--name=value".
string? Text(string name)
{
    var index = Array.IndexOf(args, name);
    if (index >= 0 && index + 1 < args.Length)
    {
        return args[index + 1];
    }

    return args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
}

// The settings given on the command line, or those of the demo Tryton (started by scripts/tryton-demo.sh when needed).
async Task<string?> TrytonConnectionAsync()
{
    if (Text("--tryton-url") is { } url)
    {
        var parts = new System.Data.Common.DbConnectionStringBuilder
        {
            ["Url"] = url,
            ["Database"] = Text("--tryton-database") ?? "",
            ["Username"] = Text("--tryton-username") ?? "",
            ["Password"] = Text("--tryton-password") ?? "",
        };
        if (Text("--tryton-jobs-root") is { } root)
        {
            parts["JobsRootCode"] = root;
        }

        return parts.ConnectionString;
    }

    var script = new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }
        .SelectMany(start => Ancestors(new DirectoryInfo(start)))
        .Select(d => Path.Combine(d.FullName, "scripts", "tryton-demo.sh"))
        .FirstOrDefault(File.Exists);
    if (script is null)
    {
        Console.Error.WriteLine("No --tryton-url given and scripts/tryton-demo.sh not found: run the bench from the repository, or name a Tryton with --tryton-url, --tryton-database, --tryton-username and --tryton-password.");
        return null;
    }

    Console.Error.WriteLine($"No --tryton-url given: using the demo Tryton ({script} connection).");
    var start = new ProcessStartInfo("bash") { ArgumentList = { script, "connection" }, RedirectStandardOutput = true };
    using var demo = Process.Start(start)!;
    var output = await demo.StandardOutput.ReadToEndAsync();
    await demo.WaitForExitAsync();
    if (demo.ExitCode != 0)
    {
        Console.Error.WriteLine($"scripts/tryton-demo.sh failed ({demo.ExitCode}); see its messages above.");
        return null;
    }

    return output.Trim();
}

static IEnumerable<DirectoryInfo> Ancestors(DirectoryInfo? directory)
{
    for (; directory is not null; directory = directory.Parent)
    {
        yield return directory;
    }
}

// Connects the demo company to Tryton as an ERP Integrations Admin would, tests the connection, and measures one call.
async Task<(string Name, double CallMedian)?> ConnectToTrytonAsync(string connection)
{
    var connectors = app.Services.GetRequiredService<ErpConnectors>();
    var (name, factory) = connectors.Find("Tryton")!.Value;
    ErpSettingValues values;
    try
    {
        values = factory.ReadConnection(connection);
    }
    catch (FormatException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return null;
    }

    if (factory.Validate(values) is { Count: > 0 } problems)
    {
        Console.Error.WriteLine(string.Join(Environment.NewLine, problems.Select(p => $"--tryton-{p.Name.ToLowerInvariant()}: {p.Message}")));
        return null;
    }

    var (company, _, _, scope, db) = await OpenAsync();
    await using var _ = scope;
    var admin = (await db.Users.SingleAsync(u => u.Email == "admin@demo.test")).ToActor();
    var secrets = values.Only(factory.Settings.Where(f => f.IsSecret).Select(f => f.Name));
    company.ChangeErpConnection(name, factory.WriteConnection(values, company.Id), app.Services.GetRequiredService<ErpSecrets>().Protect(secrets, company.Id), 0, admin);
    await db.SaveChangesAsync();

    var erp = connectors.For(company);
    var test = await erp.TestConnectionAsync(CancellationToken.None);
    Console.Error.WriteLine(test.Message);
    if (!test.Succeeded)
    {
        return null;
    }

    var job = await db.Projects.Where(p => p.Number == "1002").Select(p => p.ErpJobId).SingleAsync();
    var jobs = await erp.ListJobsAsync(CancellationToken.None);
    if (jobs.All(j => j.JobId != job))
    {
        Console.Error.WriteLine($"Tryton lists no job {job}, the demo project 1002's link, which the bench's sub jobs go under: use the demo Tryton (bash scripts/tryton-demo.sh) or add an analytic view account coded {job} under the jobs' root.");
        return null;
    }

    var calls = new List<double>();
    for (var i = 0; i < 50; i++)
    {
        var one = Stopwatch.StartNew();
        await erp.ListJobsAsync(CancellationToken.None);
        calls.Add(one.Elapsed.TotalMilliseconds);
    }

    calls.Sort();
    return ($"Tryton at {values["url"]} (database {values["database"]})", calls[calls.Count / 2]);
}

// Connects the demo company to the External connector as an ERP Integrations Admin would, creates a connector
// credential, and makes the reference agent that claims with it; measures one empty claim.
async Task<(ReferenceAgent Agent, double EmptyClaimMedian)> ConnectToExternalAsync()
{
    var connectors = app.Services.GetRequiredService<ErpConnectors>();
    var (name, factory) = connectors.Find("External")!.Value;
    var (company, _, _, scope, db) = await OpenAsync();
    await using var _ = scope;
    var admin = (await db.Users.SingleAsync(u => u.Email == "admin@demo.test")).ToActor();
    var values = new ErpSettingValues([new("displayName", "Bench ERP"), new("erpJobIdMaxLength", "30")]);
    company.ChangeErpConnection(name, factory.WriteConnection(values, company.Id), "", 0, admin);
    var token = ConnectorSecret.New();
    var now = TimeProvider.System.GetUtcNow().UtcDateTime;
    db.ConnectorCredentials.Add(new ConnectorCredential(Guid.CreateVersion7(now), company.Id, "bench agent", token[..ConnectorCredential.PrefixLength], ConnectorSecret.Hash(token), admin, now));
    await db.SaveChangesAsync();

    var address = new Uri(app.Urls.First() + "/");
    var api = new ConnectorClient(new HttpClient { BaseAddress = address }, token);
    var claims = new List<double>();
    for (var i = 0; i < 50; i++)
    {
        var one = Stopwatch.StartNew();
        await api.ClaimAsync(20, TimeSpan.Zero, CancellationToken.None);
        claims.Add(one.Elapsed.TotalMilliseconds);
    }

    claims.Sort();
    var agent = new ReferenceAgent(new ConnectorClient(new HttpClient { BaseAddress = address }, token), new Ledger(Path.Combine(dataDirectory, "agent-ledger.db")))
    {
        BatchSize = 50,
        Wait = TimeSpan.FromSeconds(30),
    };
    return (agent, claims[claims.Count / 2]);
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
        var subJob = SubJob.Create(project, $"{prefix}{run}{i:D6}", $"Benchmark sub job {i}", [costCode], pm, now);
        subJob.SendToErp(erp, pm, now);
        db.SubJobs.Add(subJob);
        ids.Add(subJob.Id);
    }

    await db.SaveChangesAsync();
    return ids;
}

// Through the app's API as the demo approver, as a user's client would: one sub job with POST …/{id}/accept (its ERP Job
// ID the connector's proposal), several with POST …/bulk-accept, BulkItems.MaxItems a request, one request after another.
async Task AcceptAsync(IReadOnlyCollection<Guid> ids)
{
    if (ids.Count == 1)
    {
        using var accepted = await api.PostAsJsonAsync($"/api/v1/erp/sub-jobs/{ids.First()}/accept", new { });
        if (accepted.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Accept answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        }

        return;
    }

    foreach (var chunk in ids.Chunk(ErpIntegrations.Web.Features.ErpSubJobs.BulkItems.MaxItems))
    {
        await BenchApi.BulkAcceptAsync(api, chunk);
    }
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
