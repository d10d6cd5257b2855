using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.Connectors.Tryton.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void ConnectionString_RoundTripsEverySetting_EvenWithSeparatorsInThePassword()
    {
        var settings = new TrytonSettings("http://tryton.example.test:8000/", "erp", "admin", "p;a=ss\"word'", "JOBS");

        TrytonSettings.FromConnectionString(settings.ToConnectionString()).ShouldBe(settings);
    }

    [Fact]
    public void ConnectionString_WithoutRootCode_ReadsNoRootCode() =>
        TrytonSettings.FromConnectionString("Url=http://localhost:8000/;Database=erp;Username=admin;Password=secret")
            .ShouldBe(new TrytonSettings("http://localhost:8000/", "erp", "admin", "secret"));

    [Fact]
    public void ConnectionString_NamingASettingTrytonDoesNotHave_IsRefusedByName() =>
        Should.Throw<FormatException>(() => TrytonSettings.FromConnectionString("Url=http://localhost:8000/;Server=x"))
            .Message.ShouldBe("The Tryton connection has no setting \"server\"; it takes Url, Database, Username, Password, JobsRootCode.");

    [Fact]
    public void Printing_TheSettings_NeverShowsThePassword()
    {
        var settings = new TrytonSettings("http://localhost:8000/", "erp", "admin", "very-secret");

        settings.ToString().ShouldNotContain("very-secret");
        $"{settings}".ShouldBe("Tryton http://localhost:8000/ database erp as admin");
    }

    [Fact]
    public void Validate_NamesEveryMissingSetting() =>
        new TrytonSettings("", " ", "", "").Validate().ShouldBe([
            "Enter the Tryton server's URL, e.g. http://tryton.example.com:8000/.",
            "Enter the name of the Tryton database.",
            "Enter the Tryton user name.",
            "Enter the Tryton user's password.",
        ]);

    [Fact]
    public async Task AStoredConnectionThatIsNotAConnectionString_IsAPermanentFailureSayingSo()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddTrytonConnector(new TrytonConnectorOptions());
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ITrytonConnectorFactory>();
        provider.GetRequiredKeyedService<IErpConnectorFactory>(TrytonServiceCollectionExtensions.ConnectorName).ShouldBeSameAs(factory);

        factory.Create("").Capabilities.ShouldBe(new ErpCapabilities("Tryton", SupportsSubJobs: true, MaxCodeLength: 30, MaxDescriptionLength: 100, CanListSubJobs: true));
        (await factory.Create("").ExportSubJobAsync(Exports.SubJob("1001", "X"), TestContext.Current.CancellationToken))
            .ShouldBePermanent("The Tryton connection is not set up: enter the server's URL, database, user name and password.");
        (await factory.Create("Url=http://localhost:8000/;Nonsense=1").ExportSubJobAsync(Exports.SubJob("1001", "X"), TestContext.Current.CancellationToken))
            .ShouldBePermanent("The Tryton connection has no setting \"nonsense\"; it takes Url, Database, Username, Password, JobsRootCode.");
    }
}
