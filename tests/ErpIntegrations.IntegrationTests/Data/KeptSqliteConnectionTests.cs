using System.Data.Common;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.ErpSubJobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;

namespace ErpIntegrations.IntegrationTests.Data;

/// <summary>
/// On SQLite a request's context keeps its connection open between requests and its statements prepared on it
/// (KeptSqliteConnection): a statement runs again with its new values, reads what others committed since, and nothing
/// a context leaves behind holds a lock. On PostgreSQL, Npgsql prepares statements itself and nothing is kept.
/// </summary>
public sealed class KeptSqliteConnectionTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task AQueryRunAgain_RunsItsPreparedStatement_WithTheNewValues()
    {
        var demo = await App.CompanyAsync(DemoData.Demo);
        var other = await App.CompanyAsync(DemoData.Other);
        await using var scope = App.ScopeFor(Guid.Empty, out var db);
        if (NotKept(db))
        {
            return;
        }

        var connection = (KeptSqliteConnection)db.Database.GetDbConnection();
        (await NameAsync(db, demo.Id)).ShouldBe(DemoData.Demo);
        var kept = connection.KeptStatements;

        (await NameAsync(db, other.Id)).ShouldBe(DemoData.Other);
        (await NameAsync(db, demo.Id)).ShouldBe(DemoData.Demo);

        connection.KeptStatements.ShouldBe(kept, "the same text ran on the statement prepared for it, not on a new one");
        connection.State.ShouldBe(System.Data.ConnectionState.Open);
    }

    [Fact]
    public async Task AConnection_StaysOpenWithItsStatements_WhenItsContextGoesBackToThePool()
    {
        KeptSqliteConnection connection;
        int kept;
        await using (var scope = App.ScopeFor(Guid.Empty, out var db))
        {
            if (NotKept(db))
            {
                return;
            }

            await db.Companies.CountAsync();
            connection = (KeptSqliteConnection)db.Database.GetDbConnection();
            kept = connection.KeptStatements;
        }

        connection.State.ShouldBe(System.Data.ConnectionState.Open);
        connection.KeptStatements.ShouldBe(kept);
    }

    [Fact]
    public async Task APreparedStatement_ReadsWhatAnotherConnectionCommittedSince()
    {
        var company = await shared.NewCompanyAsync();
        await using var scope = App.ScopeFor(Guid.Empty, out var db);
        if (NotKept(db))
        {
            return;
        }

        (await NameAsync(db, company.Id)).ShouldBe(company.Name);
        await using (var writer = App.ScopeFor(Guid.Empty, out var other))
        {
            other.Database.GetDbConnection().ShouldNotBeSameAs(db.Database.GetDbConnection());
            await other.Companies.Where(c => c.Id == company.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Renamed Co."));
        }

        (await NameAsync(db, company.Id)).ShouldBe("Renamed Co.");
    }

    [Fact]
    public async Task ATransactionLeftOpen_IsRolledBackWhenTheContextGoesBack_AndHoldsNoLock()
    {
        var company = await shared.NewCompanyAsync();
        KeptSqliteConnection connection;
        await using (var scope = App.ScopeFor(Guid.Empty, out var db))
        {
            if (NotKept(db))
            {
                return;
            }

            // Begun on the connection itself, past EF Core, so that only the connection can end it.
            connection = (KeptSqliteConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            var transaction = connection.BeginTransaction();
            await using var rename = connection.CreateCommand();
            rename.Transaction = transaction;
            rename.CommandText = "UPDATE Companies SET Name = 'Never Co.' WHERE Id = $id";
            rename.Parameters.AddWithValue("$id", company.Id);
            (await rename.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        connection.State.ShouldBe(System.Data.ConnectionState.Closed, "closed for real, as before, since a transaction was open");

        // Another writer is not kept waiting, and the change left open was not committed.
        await using var next = App.ScopeFor(Guid.Empty, out var after);
        await after.Companies.Where(c => c.Id == company.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ErpConnection, "after"));
        (await NameAsync(after, company.Id)).ShouldBe(company.Name);
    }

    [Fact]
    public async Task KeptConnections_AreClosedWhenTheAppStops_AndTheDatabaseIsLeftWhole()
    {
        var directory = Path.Combine(Path.GetTempPath(), "erp-tests", $"kept-{Guid.NewGuid():N}");
        // The data is kept past the app's end to look at its files; on PostgreSQL the factory drops it as usual.
        var postgres = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TEST_POSTGRES"));
        var app = new AppFactory(seedDemo: false, dataDirectory: directory, keepData: !postgres);
        KeptSqliteConnection? connection = null;
        await using (var scope = app.ScopeFor(Guid.Empty, out var db))
        {
            if (NotKept(db))
            {
                await app.DisposeAsync();
                return;
            }

            await db.Companies.CountAsync();
            connection = (KeptSqliteConnection)db.Database.GetDbConnection();
        }

        connection.State.ShouldBe(System.Data.ConnectionState.Open);
        await app.DisposeAsync();
        connection.State.ShouldBe(System.Data.ConnectionState.Closed);
        connection.KeptStatements.ShouldBe(0);

        // With every connection closed, SQLite checkpoints the write-ahead log into the database file and deletes it:
        // what the tests' template database is copied after (DemoTemplate). A connection left open would keep it.
        try
        {
            SqliteConnection.ClearAllPools();
            File.Exists(Path.Combine(directory, "erp-integrations.db-wal")).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TheListsPageStatement_RunsAgainWithoutBeingCompiledAgain_OnTheAppsConnections()
    {
        var recorder = new PageRecorder();
        await using var app = new AppFactory { ConfigureServices = s => s.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(recorder)) };
        string connectionString;
        await using (var scope = app.ScopeFor(Guid.Empty, out var db))
        {
            if (NotKept(db))
            {
                return;
            }

            connectionString = db.Database.GetConnectionString()!;
        }

        var api = await ApiClient.ForAsync(app, "approver@demo.test");
        (await api.GetJsonAsync("/api/v1/erp/sub-jobs")).GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);
        var (text, parameters) = recorder.Page ?? throw new InvalidOperationException("The list ran no page statement.");
        parameters.ShouldNotBeEmpty();

        // SQLite compiles a statement again when a value is bound to a parameter its plan was allowed to depend on, even
        // the same value; the app's connections hold every plan whatever the values (SqlitePragmas).
        (await ReparationsAsync(connectionString, text, parameters, withAppSettings: false)).ShouldBeGreaterThan(0, "without the app's settings SQLite compiles this statement again at each run");
        (await ReparationsAsync(connectionString, text, parameters, withAppSettings: true)).ShouldBe(0);
    }

    // SQLITE_STMTSTATUS_REPREPARE, which SQLitePCLRaw does not name.
    private const int StatementReprepared = 5;

    // How many times SQLite compiled the statement again in three runs with the same values bound each time.
    private static async Task<int> ReparationsAsync(string connectionString, string text, IReadOnlyList<SqliteParameter> parameters, bool withAppSettings)
    {
        await using var connection = new SqliteConnection(connectionString + ";Pooling=False");
        await connection.OpenAsync();
        connection.Handle!.enable_sqlite3_next_stmt(true);
        if (withAppSettings)
        {
            SqlitePragmas.Apply(connection);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = text;
        for (var run = 0; run < 3; run++)
        {
            command.Parameters.Clear();
            command.Parameters.AddRange(parameters.Select(p => new SqliteParameter(p.ParameterName, p.Value) { SqliteType = p.SqliteType }).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        var statement = raw.sqlite3_next_stmt(connection.Handle, null);
        while (statement is not null && !statement.IsInvalid && raw.sqlite3_sql(statement).utf8_to_string() != text)
        {
            statement = raw.sqlite3_next_stmt(connection.Handle, statement);
        }

        statement.ShouldNotBeNull("the page's statement is prepared on the connection");
        return raw.sqlite3_stmt_status(statement, StatementReprepared, 0);
    }

    private sealed class PageRecorder : DbCommandInterceptor
    {
        public (string Text, IReadOnlyList<SqliteParameter> Parameters)? Page { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(List.QueryTag, StringComparison.Ordinal))
            {
                Page = (command.CommandText, [.. command.Parameters.Cast<SqliteParameter>().Select(p => new SqliteParameter(p.ParameterName, p.Value) { SqliteType = p.SqliteType })]);
            }

            return ValueTask.FromResult(result);
        }
    }

    // On PostgreSQL the context's connection is Npgsql's own, which prepares what it runs often.
    private static bool NotKept(AppDbContext db)
    {
        if (db.Database.IsSqlite())
        {
            db.Database.GetDbConnection().ShouldBeOfType<KeptSqliteConnection>();
            return false;
        }

        db.Database.GetDbConnection().ShouldNotBeOfType<SqliteConnection>();
        return true;
    }

    private static Task<string> NameAsync(AppDbContext db, Guid id) =>
        db.Companies.Where(c => c.Id == id).Select(c => c.Name).SingleAsync();
}
