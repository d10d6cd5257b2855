using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ErpIntegrations.IntegrationTests.Data;

/// <summary>Migrations that add a constraint first repair the data an older version could have left.</summary>
public sealed class MigrationDataTests
{
    [Fact]
    public async Task UniqueErpConnection_MovesALaterCompanySharingALedger_ToALedgerOfItsOwn()
    {
        var directory = Path.Combine(Path.GetTempPath(), "erp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var postgres = Environment.GetEnvironmentVariable("TEST_POSTGRES");
        var database = AppFactory.PostgresDatabaseFor(directory);
        await using AppDbContext db = string.IsNullOrEmpty(postgres)
            ? new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "old.db")}").Options)
            : new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql($"{postgres};Database={database}").Options);
        try
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            await migrator.MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_UniqueErpConnection", StringComparison.Ordinal)) - 1]);
            var older = Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddYears(50));
            var later = Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddYears(51));
            foreach (var (id, name) in new[] { (later, "Later Co."), (older, "Older Co.") })
            {
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "Companies" ("Id", "Name", "ErpConnector", "ErpConnection", "DirectoryVersion") VALUES ({id}, {name}, 'Sandbox', 'shared-ledger', 0)""");
            }

            await migrator.MigrateAsync();

            var ledgers = await db.Companies.IgnoreQueryFilters().ToDictionaryAsync(c => c.Id, c => c.ErpConnection);
            ledgers[older].ShouldBe("shared-ledger");
            ledgers[later].ShouldBe($"company-{later:N}");
        }
        finally
        {
            await db.DisposeAsync();
            if (!string.IsNullOrEmpty(postgres))
            {
                await TestPostgres.DropDatabaseAsync(postgres, database);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
