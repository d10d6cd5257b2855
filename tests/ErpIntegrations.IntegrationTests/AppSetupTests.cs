using System.Collections.Concurrent;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
