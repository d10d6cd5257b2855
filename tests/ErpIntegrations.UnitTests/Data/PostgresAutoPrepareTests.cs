using ErpIntegrations.Web;
using Npgsql;

namespace ErpIntegrations.UnitTests.Data;

public sealed class PostgresAutoPrepareTests
{
    [Fact]
    public void AConnectionStringWithoutMaxAutoPrepare_GetsTheAppsDefault_AndKeepsTheRest()
    {
        var built = new NpgsqlConnectionStringBuilder(AppSetup.WithAutoPrepare("Host=db.example;Port=5439;Username=erp;Password=s3cret;Database=erp"));

        built.MaxAutoPrepare.ShouldBe(AppSetup.MaxAutoPrepare);
        (built.Host, built.Port, built.Username, built.Password, built.Database).ShouldBe(("db.example", 5439, "erp", "s3cret", "erp"));
    }

    [Theory]
    [InlineData("Host=db.example;Max Auto Prepare=0")]
    [InlineData("Host=db.example;MaxAutoPrepare=10")]
    [InlineData("Host=db.example;max auto prepare=5")]
    public void AConnectionStringThatSaysMaxAutoPrepare_IsKeptAsItIs(string connectionString) =>
        AppSetup.WithAutoPrepare(connectionString).ShouldBe(connectionString);
}
