using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace ErpIntegrations.CrashTests.Infrastructure;

/// <summary>
/// The app as it is built (ErpIntegrations.Web.dll beside the tests), run by <c>dotnet</c> as a real child process on
/// SQLite, listening on a free loopback port, its state in the given data directory. <see cref="Kill"/> ends it with
/// SIGKILL, as the OOM killer or an operator's kill -9 would: no shutdown, no hosted service stopped, no request
/// finished, whatever the process was doing (what it had committed to SQLite stays on disk).
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly Action<string> _log;
    private readonly List<string> _startLog = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process, Action<string> log)
    {
        _process = process;
        _log = log;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts the app and returns once it listens; each line it writes goes to <paramref name="log"/>.</summary>
    public static async Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings, Action<string> log)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "ErpIntegrations.Web.dll");
        File.Exists(app).ShouldBeTrue($"the app's build beside the tests ({app}): the test project references ErpIntegrations.Web");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var (key, value) in Settings(dataDirectory, settings))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        // The test run's own environment must not reconfigure the app (ASPNETCORE_URLS, a Development environment).
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k == "DOTNET_ENVIRONMENT").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var running = new AppProcess(process, log);
        process.OutputDataReceived += (_, e) => running.Received(e.Data);
        process.ErrorDataReceived += (_, e) => running.Received(e.Data);
        process.Exited += (_, _) => running._listening.TrySetException(new InvalidOperationException($"The app exited with code {process.ExitCode} before it listened."));
        log($"--- starting the app on {dataDirectory}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            running.BaseAddress = await running._listening.Task.WaitAsync(StartTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await running.DisposeAsync();
            throw new InvalidOperationException($"The app did not start: {ex.Message}{Environment.NewLine}{running.StartLog()}", ex);
        }

        return running;
    }

    /// <summary>SIGKILL on Linux (TerminateProcess on Windows); returns once the process is gone.</summary>
    public void Kill()
    {
        _log($"--- kill -9 {_process.Id}");
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private string StartLog()
    {
        lock (_startLog)
        {
            return string.Join(Environment.NewLine, _startLog);
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log(line);
        if (!_listening.Task.IsCompleted)
        {
            lock (_startLog)
            {
                _startLog.Add(line);
            }
        }

        if (ListeningOn().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    // Short leases and retry delays, so that what a killed process held is taken over within seconds. Every Sandbox ERP
    // call takes 10 ms more, so that a batch of exports lasts long enough for a kill to land in the middle of it, and
    // still often between the ERP's write and the app's record of it.
    private static IEnumerable<KeyValuePair<string, string>> Settings(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["App:DataDirectory"] = dataDirectory,
            ["App:SeedDemo"] = "true",
            ["Database:Provider"] = "Sqlite",
            ["Erp:Sandbox:LatencyMilliseconds"] = "10",
            ["Exports:LeaseSeconds"] = "5",
            ["Exports:LeaseMarginSeconds"] = "1",
            ["Exports:PollSeconds"] = "0.5",
            ["Exports:BaseRetryDelaySeconds"] = "0.5",
            ["Exports:MaxRetryDelaySeconds"] = "2",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    // The dotnet that runs these tests.
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
