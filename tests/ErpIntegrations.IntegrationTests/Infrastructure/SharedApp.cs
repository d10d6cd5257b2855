namespace ErpIntegrations.IntegrationTests.Infrastructure;

/// <summary>
/// One app for every test of a class (xunit runs a class's tests one after another), from the demo template.
/// Each test builds a company of its own with <see cref="NewCompanyAsync"/> and so never sees another test's
/// rows. A test that changes what the whole app shares — its clock, options, the exporter's reach over every
/// company, an empty database — keeps an <see cref="AppFactory"/> of its own instead.
/// </summary>
public sealed class SharedApp : IAsyncLifetime
{
    // Every test signs its own people in, all from one loopback address; the limit on token requests is
    // tested on an app of its own (TokensTests).
    public AppFactory App { get; } = new(settings: new Dictionary<string, string> { ["Api:Tokens:PermitLimit"] = "100000" });

    public Task<TestCompany> NewCompanyAsync(string? name = null) => TestCompany.CreateAsync(App, name);

    public ValueTask InitializeAsync()
    {
        _ = App.Services;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
