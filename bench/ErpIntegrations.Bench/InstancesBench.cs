// Exports/s of one app process against several on one PostgreSQL database, as behind a load balancer: each instance a
// real process (ErpIntegrations.Web.dll, built beside the bench) on the same database and the same data directory (so
// one Sandbox ERP store). A batch is accepted in bulk through the API, a share through each instance at once, with the
// exporters off; then the same number of processes export it. The baseline is the raw single-row transactional UPDATE
// rate on the same PostgreSQL, measured in the same run.
//   dotnet run -c Release --project bench/ErpIntegrations.Bench -- instances [--count 3000] [--instances 3]
//     --Database:Provider=Postgres --ConnectionStrings:Default="Host=...;Username=...;Password=..."
// Each run works in a database of its own (erp_bench_…, created by the app's migrations, dropped at the end); other
// --Key=value settings (Exports:Workers, Exports:BatchSize, …) go to every instance.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Features.ErpSubJobs;
using Microsoft.EntityFrameworkCore;
using Npgsql;

internal static partial class InstancesBench
{
    // Sub jobs each instance accepts, and then exports, before the measured batch.
    private const int WarmUp = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = Option(args, "--count", 3000);
        var most = Option(args, "--instances", 3);
        var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
            .Select(a => a[2..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
        if (!settings.TryGetValue("Database:Provider", out var provider) || !provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
            || !settings.TryGetValue("ConnectionStrings:Default", out var server))
        {
            Console.Error.WriteLine("instances runs on PostgreSQL: add --Database:Provider=Postgres --ConnectionStrings:Default=\"Host=…;Username=…;Password=…\".");
            return 2;
        }

        var database = $"erp_bench_{Guid.NewGuid():N}"[..24];
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        settings["ConnectionStrings:Default"] = connection;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "erp-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);

        // The app in the bench's process, not listening and not exporting: it migrates the new database, seeds the demo,
        // creates the Ready to Export sub jobs through the app's model and watches them.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. settings.Select(s => $"--{s.Key}={s.Value}"), $"--App:DataDirectory={dataDirectory}", "--App:SeedDemo=true", "--Exports:Enabled=false"],
            EnvironmentName = "Production",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddErpIntegrations();
        var app = builder.Build();
        try
        {
            await app.PrepareDatabaseAsync();
            Console.WriteLine($"ERP Integrations instances benchmark — PostgreSQL database {database} on {new NpgsqlConnectionStringBuilder(server).Host}, Sandbox ERP at {(settings.TryGetValue("Erp:Sandbox:LatencyMilliseconds", out var latency) ? latency : "0")} ms added latency, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            var before = await RawUpdatesAsync(connection, 1000);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Baseline, raw PostgreSQL single-row UPDATE transactions: median {before.Median:F2} ms a commit, {before.PerSecond:F0} commits/s"));

            var runs = new List<Run>();
            foreach (var instances in most == 1 ? [1] : new[] { 1, most })
            {
                var run = await MeasureAsync(app, settings, dataDirectory, instances, count);
                runs.Add(run);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{instances} instance{(instances == 1 ? "" : "s")}: {count} accepted in bulk through the API in {run.AcceptSeconds:F1} s ({count / run.AcceptSeconds:F0} accepts/s); "
                    + $"then exported in {run.ExportSeconds:F1} s from the first outcome to the last: {count / run.ExportSeconds:F0} exports/s (all Synced {run.Seconds:F1} s after the batch was released); "
                    + $"exports by instance {string.Join(", ", run.ByInstance)}; {run.CpuMilliseconds / count:F2} ms of the instances' CPU an export, the instances used {run.CpuMilliseconds / 1000 / run.Seconds:F2} of the {Environment.ProcessorCount} cores, the machine's CPU {run.MachineBusy:P0} busy{(run.NotSynced > 0 ? $"; {run.NotSynced} ended Failed to Export" : "")}"));
            }

            var after = await RawUpdatesAsync(connection, 1000);
            var raw = (before.PerSecond + after.PerSecond) / 2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Baseline again after: median {after.Median:F2} ms a commit, {after.PerSecond:F0} commits/s; load average {LoadAverage()}"));
            var summary = string.Join(" | ", runs.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.Instances} instance{(r.Instances == 1 ? "" : "s")}: {count / r.ExportSeconds:F0} exports/s ({100 * count / r.ExportSeconds / raw:F0} % of the raw UPDATE rate, {raw:F0}/s), {count / r.AcceptSeconds:F0} accepts/s")));
            Console.WriteLine(runs.Count > 1
                ? string.Create(CultureInfo.InvariantCulture, $"{summary} | {most} instances ÷ 1: exports {runs[0].ExportSeconds / runs[^1].ExportSeconds:F2}×, accepts {runs[0].AcceptSeconds / runs[^1].AcceptSeconds:F2}×")
                : summary);
            return 0;
        }
        finally
        {
            await app.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await DropAsync(server, database);
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed record Run(int Instances, double AcceptSeconds, double Seconds, double ExportSeconds, IReadOnlyList<int> ByInstance, double CpuMilliseconds, double MachineBusy, int NotSynced);

    // Two rounds on the same instances' count. Accepts: the instances with their exporters off (Exports:Enabled=false),
    // each warmed up by a bulk accept of its own, then count sub jobs accepted, an equal share through each instance at
    // once. Exports: the same number of new processes with their exporters on, the warm-up sub jobs released to them once
    // all are up, then the batch, timed until the last export has its outcome; exports/s is the count over the span from
    // the first export's outcome to the last one's (ErpRequests' CompletedAt).
    private static async Task<Run> MeasureAsync(WebApplication app, Dictionary<string, string> settings, string dataDirectory, int instances, int count)
    {
        var prefix = $"I{instances}";
        var warmUp = await CreateReadySubJobsAsync(app, WarmUp * instances, $"{prefix}W");
        var ids = await CreateReadySubJobsAsync(app, count, $"{prefix}M");
        double accepted;
        await using (var accepting = await StartAsync(dataDirectory, new Dictionary<string, string>(settings) { ["Exports:Enabled"] = "false" }, instances))
        {
            var clients = accepting.Clients;
            await Task.WhenAll(clients.Select((api, i) => BenchApi.BulkAcceptAsync(api, warmUp.Skip(i * WarmUp).Take(WarmUp))));
            var clock = Stopwatch.StartNew();
            var share = (count + instances - 1) / instances;
            await Task.WhenAll(clients.Select(async (api, i) =>
            {
                foreach (var chunk in ids.Skip(i * share).Take(share).Chunk(BulkItems.MaxItems))
                {
                    await BenchApi.BulkAcceptAsync(api, chunk);
                }
            }));
            accepted = clock.Elapsed.TotalSeconds;
        }

        // The exports wait (NextAttemptAt far ahead) until every process is up, polling every quarter second, so that the
        // first process started does not take the whole batch alone.
        await HoldAsync(app, prefix, new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await using var exporting = await StartAsync(dataDirectory, new Dictionary<string, string>(settings) { ["Exports:PollSeconds"] = "0.25" }, instances);
        // The warm-up sub jobs first, so that the new processes have compiled their exporters' code before the clock runs.
        await HoldAsync(app, $"{prefix}W", TimeProvider.System.GetUtcNow().UtcDateTime);
        await WaitUntilFinishedAsync(app, $"{prefix}W");
        var warmedUp = await ExportsByInstanceAsync(exporting.Processes);
        var cpuBefore = exporting.Processes.Sum(p => p.Cpu.TotalMilliseconds);
        var machineBefore = MachineCpu();
        var wall = Stopwatch.StartNew();
        await HoldAsync(app, $"{prefix}M", TimeProvider.System.GetUtcNow().UtcDateTime);
        var notSynced = await WaitUntilFinishedAsync(app, $"{prefix}M");
        var seconds = wall.Elapsed.TotalSeconds;
        var cpu = exporting.Processes.Sum(p => p.Cpu.TotalMilliseconds) - cpuBefore;
        var machineAfter = MachineCpu();
        var exported = (await ExportsByInstanceAsync(exporting.Processes)).Zip(warmedUp, (all, before) => all - before).ToList();
        var busy = machineAfter.Total > machineBefore.Total ? (double)(machineAfter.Busy - machineBefore.Busy) / (machineAfter.Total - machineBefore.Total) : double.NaN;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var measured = db.SubJobs.IgnoreQueryFilters().Where(s => s.Code.StartsWith($"{prefix}M")).Select(s => s.Id);
        var outcomes = db.ErpRequests.IgnoreQueryFilters().Where(r => measured.Contains(r.SubJobId) && r.CompletedAt != null);
        var first = await outcomes.MinAsync(r => r.CompletedAt);
        var last = await outcomes.MaxAsync(r => r.CompletedAt);
        return new Run(instances, accepted, seconds, (last - first)!.Value.TotalSeconds, exported, cpu, busy, notSynced);
    }

    private static async Task HoldAsync(WebApplication app, string prefix, DateTime until)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ours = db.SubJobs.IgnoreQueryFilters().Where(s => s.Code.StartsWith(prefix)).Select(s => s.Id);
        await db.ErpRequests.IgnoreQueryFilters()
            .Where(r => ours.Contains(r.SubJobId) && r.Status == ErpRequestStatus.InProgress)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.NextAttemptAt, until));
    }

    private sealed class Instances(List<AppProcess> processes, List<HttpClient> clients) : IAsyncDisposable
    {
        public IReadOnlyList<AppProcess> Processes => processes;

        // The approver's API client of each instance.
        public IReadOnlyList<HttpClient> Clients => clients;

        public ValueTask DisposeAsync()
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var process in processes)
            {
                process.Dispose();
            }

            return ValueTask.CompletedTask;
        }
    }

    private static async Task<Instances> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings, int count)
    {
        var started = new Instances([], []);
        try
        {
            var processes = (List<AppProcess>)started.Processes;
            var clients = (List<HttpClient>)started.Clients;
            for (var i = 0; i < count; i++)
            {
                processes.Add(await AppProcess.StartAsync(dataDirectory, settings, i + 1));
                clients.Add(await BenchApi.SignInAsync(processes[i].BaseAddress, "approver@demo.test"));
            }

            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private static async Task<List<Guid>> CreateReadySubJobsAsync(WebApplication app, int howMany, string prefix)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var company = await db.Companies.SingleAsync(c => c.Name == "Demo Construction Co.");
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Id = company.Id;
        var pm = (await db.Users.SingleAsync(u => u.Email == "pm@demo.test")).ToActor();
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

    // Until every sub job coded prefix… has left Exporting; returns how many did not end Synced.
    private static async Task<int> WaitUntilFinishedAsync(WebApplication app, string prefix)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ours = db.SubJobs.IgnoreQueryFilters().Where(s => s.Code.StartsWith(prefix));
        var timeout = Stopwatch.StartNew();
        while (await ours.AnyAsync(s => s.State == SubJobState.Exporting || s.State == SubJobState.ReadyToExport))
        {
            if (timeout.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("Exports did not finish within 10 minutes.");
            }

            await Task.Delay(50);
        }

        return await ours.CountAsync(s => s.State != SubJobState.Synced);
    }

    // Each instance's own count of exports that ended Synced, from its Prometheus text (App:Metrics:Enabled).
    private static async Task<List<int>> ExportsByInstanceAsync(IEnumerable<AppProcess> processes)
    {
        using var scraper = new HttpClient();
        var counts = new List<int>();
        foreach (var process in processes)
        {
            var line = SyncedLine().Match(await scraper.GetStringAsync(new Uri(process.BaseAddress, "/metrics")));
            counts.Add(line.Success ? (int)double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        }

        return counts;
    }

    private static async Task<(double Median, double PerSecond)> RawUpdatesAsync(string connectionString, int transactions)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_counter (id integer PRIMARY KEY, value bigint NOT NULL); INSERT INTO bench_counter VALUES (1, 0) ON CONFLICT DO NOTHING;", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var commits = new List<double>(transactions);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < transactions; i++)
        {
            var one = Stopwatch.StartNew();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var update = new NpgsqlCommand("UPDATE bench_counter SET value = value + 1 WHERE id = 1", connection, transaction);
            await update.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            commits.Add(one.Elapsed.TotalMilliseconds);
        }

        total.Stop();
        commits.Sort();
        return (commits[commits.Count / 2], transactions / total.Elapsed.TotalSeconds);
    }

    private static async Task DropAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    // The machine's CPU time in clock ticks from /proc/stat, busy (all but idle and iowait) and in all; zero off Linux.
    private static (long Busy, long Total) MachineCpu()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        var text = index >= 0 && index + 1 < args.Length ? args[index + 1] : args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
        return int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    [GeneratedRegex("""^erp_integrations_exports(?:_total)?\{[^}]*outcome="synced"[^}]*\}\s+(\S+)""", RegexOptions.Multiline)]
    private static partial Regex SyncedLine();

    // One instance: ErpIntegrations.Web.dll (beside the bench's own build) run by dotnet as a child process, listening on a
    // free loopback port; its warnings and errors go to the bench's standard error, marked with its number.
    private sealed partial class AppProcess : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private AppProcess(Process process) => _process = process;

        public Uri BaseAddress { get; private set; } = null!;

        public TimeSpan Cpu
        {
            get
            {
                _process.Refresh();
                return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
            }
        }

        public static async Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings, int number)
        {
            var start = new ProcessStartInfo(DotnetHost())
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ErpIntegrations.Web.dll"));
            var all = new Dictionary<string, string>(settings)
            {
                ["urls"] = "http://127.0.0.1:0",
                ["App:DataDirectory"] = dataDirectory,
                ["App:SeedDemo"] = "false",
                ["App:Metrics:Enabled"] = "true",
                // Errors, and the exporter's warnings (a lost lease, an ERP that does not answer); not the start-up's advice.
                ["Logging:LogLevel:Default"] = "Error",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
                ["Logging:LogLevel:ErpIntegrations.Web.Exports"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            };
            foreach (var (key, value) in all)
            {
                start.ArgumentList.Add($"--{key}={value}");
            }

            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k == "DOTNET_ENVIRONMENT").ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            var running = new AppProcess(process);
            process.OutputDataReceived += (_, e) => running.Received(e.Data, number);
            process.ErrorDataReceived += (_, e) => running.Received(e.Data, number);
            process.Exited += (_, _) => running._listening.TrySetException(new InvalidOperationException($"Instance {number} exited with code {process.ExitCode}."));
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                running.BaseAddress = await running._listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch
            {
                running.Dispose();
                throw;
            }

            return running;
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                _process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        private void Received(string? line, int number)
        {
            if (line is null)
            {
                return;
            }

            if (ListeningOn().Match(line) is { Success: true } match)
            {
                _listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
            else if (!line.Contains("Microsoft.Hosting.Lifetime", StringComparison.Ordinal) && !line.TrimStart().StartsWith("Application started", StringComparison.Ordinal)
                && !line.TrimStart().StartsWith("Hosting environment", StringComparison.Ordinal) && !line.TrimStart().StartsWith("Content root", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"#{number} {line}");
            }
        }

        // The dotnet that runs the bench.
        private static string DotnetHost()
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            {
                return host;
            }

            var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
            var dotnet = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(dotnet) ? dotnet : "dotnet";
        }

        [GeneratedRegex(@"Now listening on: (http://\S+)")]
        private static partial Regex ListeningOn();
    }
}
