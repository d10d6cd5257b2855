using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.BrowserTests.Infrastructure;

/// <summary>One app on Kestrel for all the tests of a class (a class fixture), for tests that only read.</summary>
public sealed class SharedApp : IAsyncLifetime
{
    public AppFactory App { get; } = new(backgroundExporter: false, realServer: true);

    public ValueTask InitializeAsync()
    {
        App.StartServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
