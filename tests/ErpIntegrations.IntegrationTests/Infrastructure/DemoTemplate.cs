using Microsoft.Data.Sqlite;
using Npgsql;

namespace ErpIntegrations.IntegrationTests.Infrastructure;

/// <summary>
/// The demo data, migrated and seeded once per test run and copied for every test that starts from it:
/// the data directory (SQLite database, Sandbox ERP store, keys) by file copy, a PostgreSQL database with
/// CREATE DATABASE ... TEMPLATE. Each test still gets its own database; it just does not pay for seeding.
/// </summary>
internal static class DemoTemplate
{
    private static readonly SemaphoreSlim PostgresCopies = new(1, 1);
    private static readonly Lazy<Task<Template>> Instance = new(CreateAsync);

    internal sealed record Template(string Directory, DateTimeOffset SeededAt, string? PostgresDatabase);

    public static Template Get() => Instance.Value.GetAwaiter().GetResult();

    public static void CopyTo(Template template, string dataDirectory, string? postgresServer)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(template.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dataDirectory, Path.GetRelativePath(template.Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        if (postgresServer is null)
        {
            return;
        }

        // PostgreSQL copies a template only while nobody else is connected to it: one copy at a time.
        PostgresCopies.Wait();
        try
        {
            using var connection = new NpgsqlConnection($"{postgresServer};Database=postgres;Pooling=false");
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{AppFactory.PostgresDatabaseFor(dataDirectory)}\" TEMPLATE \"{template.PostgresDatabase}\"";
            create.ExecuteNonQuery();
        }
        finally
        {
            PostgresCopies.Release();
        }
    }

    private static async Task<Template> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "erp-tests", $"template-{Guid.NewGuid():N}");
        var seeding = new AppFactory(dataDirectory: directory, keepData: true, fromTemplate: false);
        _ = seeding.Services;
        var seededAt = seeding.Time.GetUtcNow();
        var postgres = seeding.IsPostgres ? AppFactory.PostgresDatabaseFor(directory) : null;
        await seeding.DisposeAsync();

        // Close pooled connections: SQLite then checkpoints its WAL into the file, PostgreSQL frees the template.
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        var server = Environment.GetEnvironmentVariable("TEST_POSTGRES");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(directory, server, postgres);
        return new Template(directory, seededAt, postgres);
    }

    private static void Remove(string directory, string? server, string? database)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
            if (server is not null && database is not null)
            {
                TestPostgres.DropDatabaseAsync(server, database).GetAwaiter().GetResult();
            }
        }
        catch (Exception ex) when (ex is IOException or NpgsqlException)
        {
            // Leftovers of a test run in the temp folder or on a test server harm nothing.
        }
    }
}
