using ErpIntegrations.Web;
using Npgsql;

namespace ErpIntegrations.UnitTests.Data;

public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void AConnectionStringThatSaysNeither_GetsTheAppsDefaults_AndKeepsTheRest()
    {
        var built = new NpgsqlConnectionStringBuilder(AppSetup.WithNpgsqlDefaults("Host=db.example;Port=5439;Username=erp;Password=s3cret;Database=erp"));

        built.MaxAutoPrepare.ShouldBe(AppSetup.MaxAutoPrepare);
        built.NoResetOnClose.ShouldBeTrue();
        (built.Host, built.Port, built.Username, built.Password, built.Database).ShouldBe(("db.example", 5439, "erp", "s3cret", "erp"));
    }

    [Theory]
    [InlineData("Host=db.example;Max Auto Prepare=0", 0)]
    [InlineData("Host=db.example;MaxAutoPrepare=10", 10)]
    [InlineData("Host=db.example;max auto prepare=5", 5)]
    public void MaxAutoPrepare_AsTheConnectionStringSaysIt(string connectionString, int maxAutoPrepare)
    {
        var built = new NpgsqlConnectionStringBuilder(AppSetup.WithNpgsqlDefaults(connectionString));

        built.MaxAutoPrepare.ShouldBe(maxAutoPrepare);
        built.NoResetOnClose.ShouldBeTrue();
    }

    [Theory]
    [InlineData("Host=db.example;No Reset On Close=false", false)]
    [InlineData("Host=db.example;NoResetOnClose=False", false)]
    [InlineData("Host=db.example;no reset on close=true", true)]
    public void NoResetOnClose_AsTheConnectionStringSaysIt(string connectionString, bool noReset)
    {
        var built = new NpgsqlConnectionStringBuilder(AppSetup.WithNpgsqlDefaults(connectionString));

        built.NoResetOnClose.ShouldBe(noReset);
        built.MaxAutoPrepare.ShouldBe(AppSetup.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db.example;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db.example;MaxAutoPrepare=10;NoResetOnClose=true")]
    public void AConnectionStringThatSaysBoth_IsKeptAsItIs(string connectionString) =>
        AppSetup.WithNpgsqlDefaults(connectionString).ShouldBe(connectionString);
}
