using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;

/// <summary>
/// A real Tryton for the whole run: Debian's packages (installed when missing and the run is root), one database
/// initialised once with analytic_account and seeded with a company, two jobs and a second user, and one trytond
/// serving it. Tests work under jobs (or roots) of their own, and the clerk user is the one whose password is mistyped
/// or whose sessions are ended, so that no test disturbs another.
/// </summary>
/// <remarks>
/// One database, not a copy per test: trytond 6.0 fails requests (an AssertionError in its field descriptors) when a
/// second database's pool initialises in the same process while the first serves requests; a copy per test would need
/// a trytond per copy.
/// </remarks>
public sealed class TrytonFixture : IAsyncLifetime
{
    public const string CompanyName = "Acme Construction";
    public const string AdminPassword = "tryton-test-admin";
    public const string RootCode = "JOBS";
    public const string Clerk = "clerk";
    public const string ClerkPassword = "tryton-test-clerk";
    public static readonly (string Code, string Name)[] SeededJobs = [("1001", "Main Street Office"), ("1002", "Harbour Bridge")];

    private const string Database = "erp";
    private int _codes;
    private ServiceProvider? _services;

    public string Directory { get; private set; } = "";

    /// <summary>The server every test may use; tests that stop a server start their own.</summary>
    public TrytonServer Server { get; private set; } = null!;

    public ITrytonConnectorFactory Connectors { get; private set; } = null!;

    public static string Config(string directory, int port) =>
        $"""
        [database]
        uri = sqlite://
        path = {directory}

        [web]
        listen = 127.0.0.1:{port}
        """;

    public async ValueTask InitializeAsync()
    {
        await EnsureTrytonAsync();
        Directory = Path.Combine(Path.GetTempPath(), $"erp-tryton-tests-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        var config = Path.Combine(Directory, "admin.conf");
        var passFile = Path.Combine(Directory, "admin.pass");
        await File.WriteAllTextAsync(config, Config(Directory, 0));
        await File.WriteAllTextAsync(passFile, AdminPassword);
        await File.WriteAllBytesAsync(DatabaseFile, []);

        await RunAsync("trytond-admin", ["-c", config, "-d", Database, "--all", "-u", "analytic_account", "--activate-dependencies", "--email", "admin@example.test"], ("TRYTONPASSFILE", passFile));
        await RunAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "tryton-seed.py"), config, Database, CompanyName, RootCode, "--user", $"{Clerk}:{ClerkPassword}", .. SeededJobs.Select(j => $"{j.Code}={j.Name}")]);

        Server = await TrytonServer.StartAsync(Directory);
        _services = new ServiceCollection()
            .AddLogging()
            .AddTrytonConnector(new TrytonConnectorOptions { RequestTimeout = TimeSpan.FromSeconds(30) })
            .BuildServiceProvider();
        Connectors = _services.GetRequiredService<ITrytonConnectorFactory>();
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.StopAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (System.IO.Directory.Exists(Directory))
        {
            // The servers' logs outlive the run, beside the test binaries, for a failure to be looked into.
            var logs = Path.Combine(AppContext.BaseDirectory, "tryton-logs");
            if (System.IO.Directory.Exists(logs))
            {
                System.IO.Directory.Delete(logs, recursive: true);
            }

            System.IO.Directory.CreateDirectory(logs);
            foreach (var log in System.IO.Directory.GetFiles(Directory, "*.log"))
            {
                File.Copy(log, Path.Combine(logs, Path.GetFileName(log)), overwrite: true);
            }

            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>A code no other test uses, for jobs and ERP Job IDs in the shared database.</summary>
    public string NewCode(string prefix) => $"{prefix}{Interlocked.Increment(ref _codes)}";

    /// <summary>Ends the clerk's Tryton sessions, as Tryton does after a time without use.</summary>
    public Task EndClerkSessionsAsync() =>
        RunAsync("/usr/bin/python3", ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM ir_session WHERE create_uid = (SELECT id FROM res_user WHERE login = ?)', (sys.argv[2],)); c.commit()", DatabaseFile, Clerk]);

    public TrytonSettings Settings(TrytonServer? server = null, string? jobsRootCode = null) =>
        new((server ?? Server).Url, Database, "admin", AdminPassword, jobsRootCode);

    public TrytonSettings ClerkSettings(string password = ClerkPassword) => Settings() with { Username = Clerk, Password = password };

    public ITrytonConnector Connector(TrytonSettings settings) => Connectors.Create(settings);

    public TrytonAdmin Admin(TrytonServer? server = null) => new((server ?? Server).Url, Database);

    private string DatabaseFile => Path.Combine(Directory, Database + ".sqlite");

    private static async Task EnsureTrytonAsync()
    {
        const string module = "/usr/lib/python3/dist-packages/trytond/modules/analytic_account";
        if (File.Exists("/usr/bin/trytond") && System.IO.Directory.Exists(module))
        {
            return;
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The Tryton tests need Debian's Tryton: run `sudo apt-get install -y --no-install-recommends tryton-server tryton-modules-analytic-account`.");
        }

        await AptGetAsync("update", "-qq");
        await AptGetAsync("install", "-y", "-qq", "--no-install-recommends", "tryton-server", "tryton-modules-analytic-account");
        if (!System.IO.Directory.Exists(module))
        {
            throw new InvalidOperationException("Installing Tryton with apt-get failed; install it with `apt-get install -y --no-install-recommends tryton-server tryton-modules-analytic-account`.");
        }
    }

    // Another test project may be installing its own packages (the browser tests' Chromium) at the same moment: wait
    // for apt's lock instead of failing on it.
    private static async Task AptGetAsync(params string[] arguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunAsync("apt-get", ["-o", "DPkg::Lock::Timeout=300", .. arguments], ("DEBIAN_FRONTEND", "noninteractive"));
                return;
            }
            catch (InvalidOperationException ex) when (attempt < 120 && ex.Message.Contains("Could not get lock", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
        }
    }

    private static async Task RunAsync(string program, IEnumerable<string> arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
    }
}
