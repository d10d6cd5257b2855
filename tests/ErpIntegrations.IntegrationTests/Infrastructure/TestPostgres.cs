using Npgsql;

namespace ErpIntegrations.IntegrationTests.Infrastructure;

/// <summary>Dropping the per-test PostgreSQL databases.</summary>
internal static class TestPostgres
{
    /// <summary>
    /// Drops a test database, closing our own pooled connections to it first. DROP ... WITH (FORCE) is refused
    /// while a backend the test role may not signal is connected — an autovacuum worker that just started on
    /// the freshly written database — so a refusal is retried for a few seconds until that worker is done.
    /// </summary>
    public static async Task DropDatabaseAsync(string server, string database)
    {
        // The tests' own connections, and the app's (its connection string with Npgsql's automatic preparation added).
        NpgsqlConnection.ClearPool(new NpgsqlConnection($"{server};Database={database}"));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ErpIntegrations.Web.AppSetup.WithNpgsqlDefaults($"{server};Database={database}")));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
                await connection.OpenAsync();
                await using var drop = connection.CreateCommand();
                drop.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (attempt < 50 && ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(100);
            }
        }
    }
}
