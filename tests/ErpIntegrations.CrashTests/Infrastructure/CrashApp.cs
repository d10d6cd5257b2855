using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ErpIntegrations.CrashTests.Infrastructure;

/// <summary>A sub job as its project's list in the API shows it: state in the API's names (ready_to_export, exporting, synced, …).</summary>
public sealed record SubJobView(Guid Id, string Code, string State, string? ErpJobId, string? ExportError)
{
    public override string ToString() => $"{Code} {State}{(ExportError is null ? "" : $" ({ExportError})")}";
}

/// <summary>A sub job as the Sandbox ERP's own store holds it.</summary>
public sealed record ErpRecord(long Id, string ErpSubJobId, string? Reference);

/// <summary>
/// The app (an <see cref="AppProcess"/>) on a data directory of its own that outlives each process, driven over its API
/// as the demo's admin@demo.test (Directory Admin, ERP Integrations Admin, accounting approver) with one token, which
/// survives restarts. Its sub jobs go on a project of its own, linked to the Sandbox ERP job <see cref="Job"/>.
/// </summary>
public sealed class CrashApp : IAsyncDisposable
{
    public const string Job = "CRASH-1";

    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(3);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "erp-crash-tests", Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _log = [];
    private readonly List<AppProcess> _others = [];
    private AppProcess? _process;
    private HttpClient _http = null!;
    private string _token = "";
    private Guid _projectId;
    private string _costCode = "";

    private CrashApp(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public int Restarts { get; private set; }

    /// <summary>The app on a new data directory (the demo, the Sandbox ERP), with the crash tests' project; settings override <see cref="AppProcess"/>'s.</summary>
    public static async Task<CrashApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = new CrashApp(settings ?? new Dictionary<string, string>());
        try
        {
            await app.StartProcessAsync();
            await app.SignInAsync();
            await app.CreateProjectAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new process on the same data directory, once the last one has been killed.</summary>
    public async Task RestartAsync()
    {
        _http.Dispose();
        await _process!.DisposeAsync();
        _process = null;
        Restarts++;
        await StartProcessAsync();
    }

    /// <summary>The first process's address (the one <see cref="RestartAsync"/> replaces).</summary>
    public Uri BaseAddress => _process!.BaseAddress;

    /// <summary>
    /// Another process of the app on the same database and data directory (so the same Sandbox ERP store) with the same
    /// settings, as a second instance behind a load balancer would be; its lines go to the test's output marked with its number.
    /// </summary>
    public async Task<AppProcess> StartInstanceAsync()
    {
        var number = _others.Count + 2;
        var instance = await AppProcess.StartAsync(_dataDirectory, _settings, line => Note($"#{number} {line}"));
        _others.Add(instance);
        return instance;
    }

    /// <summary>An API client of <paramref name="instance"/>, signed in with the same token as the first process's.</summary>
    public HttpClient ApiClientOf(AppProcess instance)
    {
        var http = new HttpClient { BaseAddress = new Uri(instance.BaseAddress, "/api/v1/"), Timeout = WaitTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return http;
    }

    /// <summary>kill -9: the process ends where it is, with no shutdown of any kind.</summary>
    public void Kill() => _process!.Kill();

    /// <summary>New sub jobs on the project, each sent to ERP (Ready to Export), codes prefix0000, prefix0001, …</summary>
    public async Task<IReadOnlyList<Guid>> SendNewSubJobsAsync(int count, string prefix)
    {
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            var created = await SendAsync(HttpMethod.Post, $"projects/{_projectId}/sub-jobs", new { code = $"{prefix}{i:D4}", description = $"Crash test {prefix} {i}", costCodes = new[] { _costCode } }, HttpStatusCode.Created);
            var id = created.GetProperty("id").GetGuid();
            await SendAsync(HttpMethod.Post, $"sub-jobs/{id}/send-to-erp", new { }, HttpStatusCode.OK);
            ids.Add(id);
        }

        Note($"--- {count} sub jobs {prefix}0000… are Ready to Export");
        return ids;
    }

    /// <summary>The bulk accept as the API answers it, for a request that may not be answered at all.</summary>
    public Task<HttpResponseMessage> PostBulkAcceptAsync(IEnumerable<Guid> ids) =>
        _http.PostAsJsonAsync("erp/sub-jobs/bulk-accept", new { ids });

    /// <summary>Accepts the sub jobs in one bulk accept, through the first process or through <paramref name="via"/>.</summary>
    public async Task BulkAcceptAsync(IEnumerable<Guid> ids, HttpClient? via = null)
    {
        var answer = await SendAsync(HttpMethod.Post, "erp/sub-jobs/bulk-accept", new { ids }, HttpStatusCode.OK, via);
        var refused = answer.GetProperty("items").EnumerateArray().Where(i => !i.GetProperty("succeeded").GetBoolean()).Select(i => i.ToString()).ToList();
        refused.ShouldBeEmpty("every sub job of the bulk accept is accepted");
        Note("--- bulk accept answered");
    }

    public async Task<IReadOnlyDictionary<Guid, SubJobView>> SubJobsAsync()
    {
        var list = await SendAsync(HttpMethod.Get, $"projects/{_projectId}/sub-jobs", null, HttpStatusCode.OK);
        return list.GetProperty("items").EnumerateArray().Select(View).ToDictionary(s => s.Id);
    }

    /// <summary>Whether the demo's sub job <paramref name="code"/> (outside the crash tests' project) is Synced, as the approvers' list shows it.</summary>
    public async Task<bool> IsDemoSubJobSyncedAsync(string code)
    {
        var list = await SendAsync(HttpMethod.Get, $"erp/sub-jobs?filter=synced&search={Uri.EscapeDataString(code)}&limit=100", null, HttpStatusCode.OK);
        return list.GetProperty("items").EnumerateArray().Any(s => s.GetProperty("code").GetString() == code);
    }

    /// <summary>
    /// Polls the project's sub jobs until <paramref name="done"/> holds, and returns them as they were then. The timeout
    /// is a safety net for a machine under load, not part of what is tested.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, SubJobView>> WaitUntilAsync(Func<IReadOnlyDictionary<Guid, SubJobView>, bool> done, string what, TimeSpan poll)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var subJobs = await SubJobsAsync();
            if (done(subJobs))
            {
                Note($"--- {what}: {Summary(subJobs)}");
                return subJobs;
            }

            if (waited.Elapsed > WaitTimeout)
            {
                throw new TimeoutException($"Waited {WaitTimeout.TotalMinutes:0} minutes for {what}. The sub jobs: {Summary(subJobs)}; "
                    + $"not synced: {string.Join(", ", subJobs.Values.Where(s => s.State != "synced").Take(10))}");
            }

            await Task.Delay(poll);
        }
    }

    /// <summary>What the Sandbox ERP's own store (sandbox-erp.db in the data directory) holds under <see cref="Job"/>, read from the file.</summary>
    public async Task<IReadOnlyList<ErpRecord>> ErpRecordsAsync() =>
        await QueryAsync(
            "sandbox-erp.db",
            $"""SELECT "Id", "ErpSubJobId", "Reference" FROM "SubJobs" WHERE "JobId" = '{Job}' ORDER BY "Id";""",
            r => new ErpRecord(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));

    /// <summary>
    /// The sub jobs with an ERP request, read from the app's database file (erp-integrations.db), not through the app: each
    /// accept commits the sub job's new state and its ERP request together. Quick even while the app is busy, and readable
    /// after a kill, as the app left it.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> SubJobsWithAnErpRequestAsync() =>
        await QueryAsync("erp-integrations.db", """SELECT "SubJobId" FROM "ErpRequests";""", r => Guid.Parse(r.GetString(0)));

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        foreach (var other in _others)
        {
            await other.DisposeAsync();
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        lock (_log)
        {
            var output = TestContext.Current.TestOutputHelper;
            foreach (var line in _log)
            {
                output?.WriteLine(line);
            }
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A line for the test's output, with the time since the app first started: the app's log and the test's steps.</summary>
    public void Note(string line)
    {
        lock (_log)
        {
            _log.Add($"[{_clock.Elapsed.TotalSeconds,5:0.0} s] {line}");
        }
    }

    private async Task StartProcessAsync()
    {
        _process = await AppProcess.StartAsync(_dataDirectory, _settings, Note);
        _http = new HttpClient { BaseAddress = new Uri(_process.BaseAddress, "/api/v1/"), Timeout = WaitTimeout };
        if (_token.Length > 0)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }
    }

    private async Task SignInAsync()
    {
        var token = await SendAsync(HttpMethod.Post, "tokens", new { email = "admin@demo.test", password = "Demo123!", name = "crash tests" }, HttpStatusCode.Created);
        _token = token.GetProperty("token").GetString()!;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    // A Sandbox ERP job and a project linked to it, with admin@demo.test as its Admin.
    private async Task CreateProjectAsync()
    {
        await SendAsync(HttpMethod.Post, "sandbox-erp/jobs", new { jobId = Job, name = "Crash tests" }, HttpStatusCode.Created);
        _projectId = (await SendAsync(HttpMethod.Post, "projects", new { number = "9100", name = "Crash tests" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var users = await SendAsync(HttpMethod.Get, "directory/users", null, HttpStatusCode.OK);
        var admin = users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("email").GetString() == "admin@demo.test").GetProperty("id").GetGuid();
        await SendAsync(HttpMethod.Put, $"directory/users/{admin}/projects/{_projectId}", new { level = "admin" }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"projects/{_projectId}/erp-job", new { erpJobId = Job }, HttpStatusCode.OK);
        var costCodes = await SendAsync(HttpMethod.Get, "cost-codes", null, HttpStatusCode.OK);
        _costCode = costCodes.GetProperty("items")[0].GetProperty("code").GetString()!;
    }

    private async Task<List<T>> QueryAsync<T>(string file, string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, file)};Mode=ReadWrite;Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static SubJobView View(JsonElement s) => new(
        s.GetProperty("id").GetGuid(),
        s.GetProperty("code").GetString()!,
        s.GetProperty("state").GetString()!,
        s.GetProperty("erpJobId").GetString(),
        s.GetProperty("exportError").GetString());

    private static string Summary(IReadOnlyDictionary<Guid, SubJobView> subJobs) =>
        string.Join(", ", subJobs.Values.GroupBy(s => s.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, HttpClient? via = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await (via ?? _http).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"{method} {path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
