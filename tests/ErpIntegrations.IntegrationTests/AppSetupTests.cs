using System.Collections.Concurrent;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.IntegrationTests;

public sealed class AppSetupTests
{
    private const string PublicBaseUrlWarning =
        "App:PublicBaseUrl is not set; links in emails point to http://localhost:5080. Set it to the address people open ERP Integrations at.";

    [Fact]
    public async Task StartUp_WithoutAPublicBaseUrl_WarnsWhereEmailLinksPoint()
    {
        var warnings = await StartUpWarningsAsync(settings: null);

        warnings.ShouldContain(PublicBaseUrlWarning);
    }

    [Fact]
    public async Task StartUp_WithAPublicBaseUrl_DoesNotWarnAboutIt()
    {
        var warnings = await StartUpWarningsAsync(new Dictionary<string, string> { ["App:PublicBaseUrl"] = "https://erp.acme.test" });

        warnings.ShouldNotContain(PublicBaseUrlWarning);
        warnings.ShouldContain(w => w.StartsWith("No SMTP server is configured", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Exports:MaxAttempts", "0", "Exports:MaxAttempts must be at least 1.")]
    [InlineData("Exports:LeaseSeconds", "0", "Exports:LeaseSeconds must be more than 0")]
    [InlineData("Exports:LeaseMarginSeconds", "30", "Exports:LeaseMarginSeconds must be less than Exports:LeaseSeconds")]
    [InlineData("Exports:MaxRetryDelaySeconds", "1", "Exports:MaxRetryDelaySeconds must be at least Exports:BaseRetryDelaySeconds.")]
    [InlineData("Exports:Workers", "0", "Exports:Workers must be at least 1.")]
    [InlineData("Exports:RetryWindowHours", "0", "Exports:RetryWindowHours must be more than 0")]
    [InlineData("Exports:BreakerFailureRatio", "1.5", "Exports:BreakerFailureRatio must be more than 0 and at most 1.")]
    [InlineData("Exports:BreakerMinimumCalls", "0", "Exports:BreakerMinimumCalls must be at least 1.")]
    [InlineData("Exports:BreakerSamplingSeconds", "0", "Exports:BreakerSamplingSeconds must be more than 0")]
    [InlineData("Email:MaxAttempts", "0", "Email:MaxAttempts must be at least 1.")]
    [InlineData("Email:DailySummaryHourUtc", "24", "Email:DailySummaryHourUtc must be an hour from 0 to 23.")]
    [InlineData("Email:BaseRetryDelaySeconds", "-1", "Email:BaseRetryDelaySeconds must be more than 0")]
    [InlineData("Api:Tokens:PermitLimit", "0", "Api:Tokens:PermitLimit must be at least 1.")]
    [InlineData("Api:Tokens:LifetimeDays", "-1", "Api:Tokens:LifetimeDays must be 0 (never expire)")]
    [InlineData("SignIn:AddressPermitLimit", "0", "SignIn:AddressPermitLimit must be at least 1.")]
    [InlineData("SignIn:AccountPermitLimit", "0", "SignIn:AccountPermitLimit must be at least 1.")]
    [InlineData("SignIn:WindowSeconds", "0", "SignIn:WindowSeconds must be at least 1")]
    [InlineData("Erp:Sandbox:TransientFaultRate", "1.5", "Erp:Sandbox:TransientFaultRate must lie between 0 and 1.")]
    [InlineData("Erp:Sandbox:LatencyMilliseconds", "-5", "Erp:Sandbox:LatencyMilliseconds must be 0 or more.")]
    [InlineData("Erp:DefaultConnector", "Oracle", "Erp:DefaultConnector \"Oracle\" names no connector this installation provides; use one of: External, Sandbox, Tryton.")]
    public async Task StartUp_WithASettingOutOfRange_StopsNamingTheKey(string key, string value, string sentence)
    {
        await using var app = new AppFactory(seedDemo: false, settings: new Dictionary<string, string> { [key] = value });

        var refusal = Should.Throw<OptionsValidationException>(() => app.Services);

        refusal.Message.ShouldContain(sentence);
    }

    [Fact]
    public async Task StartUp_WithDefaultSettings_StartsAndBindsTheDocumentedKeys()
    {
        await using var app = new AppFactory(seedDemo: false, settings: new Dictionary<string, string> { ["Exports:LeaseMarginSeconds"] = "2.5", ["Email:PollSeconds"] = "0.5" });

        var exports = app.Services.GetRequiredService<IOptions<ErpIntegrations.Web.Exports.ExportOptions>>().Value;
        var email = app.Services.GetRequiredService<IOptions<ErpIntegrations.Web.Notifications.EmailOptions>>().Value;

        exports.Lease.ShouldBe(TimeSpan.FromSeconds(30), "AppFactory sets Exports:LeaseSeconds");
        exports.LeaseMargin.ShouldBe(TimeSpan.FromSeconds(2.5));
        exports.RetryWindow.ShouldBe(TimeSpan.FromHours(24));
        exports.BreakerSampling.ShouldBe(TimeSpan.FromSeconds(30));
        (exports.BreakerFailureRatio, exports.BreakerMinimumCalls).ShouldBe((0.5, 5));
        email.Poll.ShouldBe(TimeSpan.FromMilliseconds(500));
        email.PickupDirectory.ShouldBe(Path.Combine(app.DataDirectory, "mail"));
    }

    [Fact]
    public async Task DefaultConnector_Tryton_IsTheFirstCompanysErp_WithSettingsStillToEnter()
    {
        await using var app = new AppFactory(seedDemo: false, settings: new Dictionary<string, string> { ["Erp:DefaultConnector"] = "tryton" });

        var setup = await app.RunSetupCommandAsync(["setup", "--company", "Acme Builders", "--email", SetupKit.AdminEmail], passwordFromEnvironment: SetupKit.AdminPassword);

        setup.ExitCode.ShouldBe(0, setup.Error);
        setup.Output.ShouldContain("ERP connection: Tryton (Tryton). Next: enter Tryton's settings on the ERP Connection page.");
        var company = await app.CompanyAsync("Acme Builders");
        company.ErpConnector.ShouldBe("Tryton");
        var admin = await Browser.SignInAsync(app, SetupKit.AdminEmail, SetupKit.AdminPassword);
        (await admin.PageTextAsync("/sandbox-erp")).ShouldContain("Tryton, your company's ERP, keeps its books outside ERP Integrations");
    }

    [Fact]
    public async Task DefaultConnector_Tryton_LeavesTheDemoOnTheSandboxErp_WhoseLedgerItFills()
    {
        await using var app = new AppFactory(
            seedDemo: true, backgroundExporter: false, maxAttempts: 3, realServer: false, new Dictionary<string, string> { ["Erp:DefaultConnector"] = "Tryton" }, dataDirectory: null, keepData: false, fromTemplate: false);

        _ = app.Services;

        var demo = await app.CompanyAsync(DemoData.Demo);
        demo.ErpConnector.ShouldBe("Sandbox");
        demo.ErpConnection.ShouldBe(ErpIntegrations.Web.Data.DemoSeeder.DemoLedger);
        (await app.SandboxStore.ListLedgerAsync(demo.ErpConnection)).Select(j => j.JobId).ShouldBe(["HVA-1002", "NOP-1003", "RMC-1001"]);
    }

    private static async Task<IReadOnlyCollection<string>> StartUpWarningsAsync(IReadOnlyDictionary<string, string>? settings)
    {
        var log = new LogCapture();
        await using var app = new AppFactory(seedDemo: false, settings: settings);
        await using var started = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(log)));
        _ = started.Services;
        return log.Warnings;
    }

    private sealed class LogCapture : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                _warnings.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
