using ErpIntegrations.Connectors.Sandbox;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ErpIntegrations.IntegrationTests.Infrastructure;

/// <summary>
/// The whole app on its own database: a fresh SQLite file, or a fresh PostgreSQL database when the
/// environment variable <c>TEST_POSTGRES</c> holds a server connection string (as <c>.ci/run</c> sets it).
/// The background exporter is off unless asked for; tests drive <see cref="Exporter"/> themselves.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "erp-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _postgres = Environment.GetEnvironmentVariable("TEST_POSTGRES");

    private readonly IReadOnlyDictionary<string, string> _settings;

    static AppFactory()
    {
        // Hundreds of short-lived hosts: watching appsettings.json with inotify would exhaust the
        // per-user limit of inotify instances, and nothing here changes configuration files.
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public AppFactory(bool seedDemo = true, bool backgroundExporter = false, int maxAttempts = 3, bool realServer = false, IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null, bool keepData = false)
        : this(seedDemo, backgroundExporter, maxAttempts, realServer, settings, dataDirectory, keepData, fromTemplate: true)
    {
    }

    internal AppFactory(bool seedDemo, bool backgroundExporter, int maxAttempts, bool realServer, IReadOnlyDictionary<string, string>? settings, string? dataDirectory, bool keepData, bool fromTemplate)
    {
        _settings = settings ?? new Dictionary<string, string>();
        KeepDataDirectory = keepData;
        if (dataDirectory is not null)
        {
            _dataDirectory = dataDirectory;
        }

        RealServer = realServer;
        if (realServer)
        {
            UseKestrel(0);
        }

        SeedDemo = seedDemo;
        BackgroundExporter = backgroundExporter;
        MaxAttempts = maxAttempts;
        Directory.CreateDirectory(_dataDirectory);
        var startingNow = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        if (seedDemo && fromTemplate && dataDirectory is null)
        {
            var template = DemoTemplate.Get();
            DemoTemplate.CopyTo(template, _dataDirectory, _postgres);
            startingNow = template.SeededAt;
        }

        Time = new FakeTimeProvider(startingNow);
    }

    internal AppFactory(string dataDirectory, bool keepData, bool fromTemplate)
        : this(seedDemo: true, backgroundExporter: false, maxAttempts: 3, realServer: false, settings: null, dataDirectory, keepData, fromTemplate)
    {
    }

    internal static string PostgresDatabaseFor(string dataDirectory) => $"erp_test_{Path.GetFileName(dataDirectory)}".Replace('-', '_');

    public bool SeedDemo { get; }

    /// <summary>The hosting environment; tests of what depends on it set Production or Development.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>App:SeedDemo left unset, so that the environment decides (the demo in Development only).</summary>
    public bool SeedDemoByEnvironment { get; init; }

    /// <summary>Disposing leaves the data (directory and database), so that a second app can start on it.</summary>
    public bool KeepDataDirectory { get; }

    public bool BackgroundExporter { get; }

    public int MaxAttempts { get; }

    /// <summary>Served by Kestrel on a loopback port, for a real browser.</summary>
    public bool RealServer { get; }

    public bool IsPostgres => !string.IsNullOrEmpty(_postgres);

    public string DataDirectory => _dataDirectory;

    /// <summary>
    /// The app's clock: at the demo's seeding time when the data comes from the template, else now, and
    /// always at a whole millisecond (PostgreSQL keeps microseconds, so finer ticks would not round-trip).
    /// </summary>
    public FakeTimeProvider Time { get; }

    public Exporter Exporter => Services.GetRequiredService<Exporter>();

    /// <summary>Services of the test's own, registered after the app's (set before the app starts).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Everything the app logged at the levels its configuration lets through.</summary>
    public CapturedLogs Logs { get; } = new();

    public ErpIntegrations.Web.Notifications.EmailSender EmailSender => Services.GetRequiredService<ErpIntegrations.Web.Notifications.EmailSender>();

    public ErpIntegrations.Web.Notifications.DailySummary DailySummary => Services.GetRequiredService<ErpIntegrations.Web.Notifications.DailySummary>();

    public SandboxErpFaults Sandbox => Services.GetRequiredService<SandboxErpFaults>();

    public SandboxErpStore SandboxStore => Services.GetRequiredService<SandboxErpStore>();

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("App:DataDirectory", _dataDirectory);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        if (!SeedDemoByEnvironment)
        {
            builder.UseSetting("App:SeedDemo", SeedDemo.ToString());
        }

        builder.UseSetting("Exports:Enabled", BackgroundExporter.ToString());
        builder.UseSetting("Exports:MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Exports:LeaseSeconds", "30");
        builder.UseSetting("Exports:PollSeconds", "0.2");
        builder.UseSetting("Email:Enabled", "false");

        // Every test signs its people in from one address, often many times a minute; the limits on the sign-in forms
        // are tested on apps that set small ones.
        builder.UseSetting("SignIn:AddressPermitLimit", "100000");
        builder.UseSetting("SignIn:AccountPermitLimit", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (IsPostgres)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Default", $"{_postgres};Database={PostgresDatabaseFor(_dataDirectory)}");
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<ILoggerProvider>(Logs);

            // Hashing strength is not under test; the default 100,000 rounds would dominate the suite's time.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
            ConfigureServices?.Invoke(services);
        });
    }

    /// <summary>A scope whose database sees one company, as a signed-in person of it would.</summary>
    public AsyncServiceScope ScopeFor(Guid companyId, out AppDbContext db)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Id = companyId;
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }

    public async Task<T> WithDbAsync<T>(Guid companyId, Func<AppDbContext, Task<T>> work)
    {
        await using var scope = ScopeFor(companyId, out var db);
        return await work(db);
    }

    public async Task<Company> CompanyAsync(string name) =>
        await WithDbAsync(Guid.Empty, db => db.Companies.SingleAsync(c => c.Name == name));

    public async Task<User> UserAsync(string email) =>
        await WithDbAsync(Guid.Empty, db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));

    public override async ValueTask DisposeAsync()
    {
        // The host first, so that no background worker still holds a connection when the database goes.
        await base.DisposeAsync();
        if (KeepDataDirectory)
        {
            return;
        }

        if (IsPostgres)
        {
            await TestPostgres.DropDatabaseAsync(_postgres!, PostgresDatabaseFor(_dataDirectory));
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
