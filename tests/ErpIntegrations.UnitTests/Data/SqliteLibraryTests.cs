using ErpIntegrations.Web.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ErpIntegrations.UnitTests.Data;

// Nothing else in this test assembly opens SQLite, so the settings are made before the library starts, as in the app.
public sealed class SqliteLibraryTests
{
    [Fact]
    public void TheLibrary_RunsWithoutMemoryStatistics_AndStillAnswers()
    {
        SqliteLibrary.Configure();
        SqliteLibrary.Configure();

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (x); INSERT INTO t VALUES (1), (2); SELECT sum(x) FROM t;";
        var sum = command.ExecuteScalar();

        sum.ShouldBe(3L);
        SqliteLibrary.MemoryStatisticsOff.ShouldBeTrue();
        raw.sqlite3_memory_used().ShouldBe(0L, "with memory statistics on, an open connection holding a table counts its bytes");
    }
}
