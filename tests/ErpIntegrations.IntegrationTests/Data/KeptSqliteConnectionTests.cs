using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
    public async Task KeptConnections_AreClosedWhenTheAppStops()
    {
        var app = new AppFactory(seedDemo: false);
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
