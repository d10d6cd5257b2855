using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ErpIntegrations.IntegrationTests.Data;

/// <summary>Migrations that add a constraint first repair the data an older version could have left; those that add a
/// copy fill it from what is there.</summary>
public sealed class MigrationDataTests
{
    [Fact]
    public async Task UniqueErpConnection_MovesALaterCompanySharingALedger_ToALedgerOfItsOwn()
    {
        await WithDatabaseAsync(async (db, migrator, migrations) =>
        {
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
        });
    }

    [Fact]
    public async Task SubJobCostCodeList_IsFilledFromTheSubJobsCostCodes_InOrderOfCode()
    {
        await WithDatabaseAsync(async (db, migrator, migrations) =>
        {
            await migrator.MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_SubJobCostCodeList", StringComparison.Ordinal)) - 1]);
            var company = Guid.CreateVersion7();
            var project = Guid.CreateVersion7();
            var withCodes = Guid.CreateVersion7();
            var withNone = Guid.CreateVersion7();
            var now = DateTime.UnixEpoch.AddYears(56);
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "Companies" ("Id", "Name", "ErpConnector", "ErpConnection", "DirectoryVersion") VALUES ({company}, 'Old Co.', 'Sandbox', 'old-ledger', 0)""");
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "Projects" ("Id", "CompanyId", "Number", "Name") VALUES ({project}, {company}, '1001', 'Old project')""");
            foreach (var subJob in new[] { withCodes, withNone })
            {
                var code = subJob == withCodes ? "WITH" : "NONE";
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "SubJobs" ("Id", "CompanyId", "ProjectId", "Code", "Description", "State", "CreatedAt", "Version", "UpdatedAt") VALUES ({subJob}, {company}, {project}, {code}, 'Old sub job', 'NotSent', {now}, 1, {now})""");
            }

            // Chosen in an order other than the codes'.
            foreach (var code in new[] { "09-900", "01-100", "05-500" })
            {
                var costCode = Guid.CreateVersion7();
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "CostCodes" ("Id", "CompanyId", "Code", "Description", "IsActive") VALUES ({costCode}, {company}, {code}, 'Old cost code', TRUE)""");
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "SubJobCostCode" ("SubJobId", "CostCodeId", "Code", "Description") VALUES ({withCodes}, {costCode}, {code}, 'Old cost code')""");
            }

            await migrator.MigrateAsync();

            var lists = await db.SubJobs.IgnoreQueryFilters().ToDictionaryAsync(s => s.Id, s => s.CostCodeList);
            lists[withCodes].ShouldBe(["01-100", "05-500", "09-900"]);
            lists[withNone].ShouldBeEmpty();
        });
    }

    // A database of its own, migrated by the test.
    private static async Task WithDatabaseAsync(Func<AppDbContext, IMigrator, List<string>, Task> test)
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
            await test(db, db.GetService<IMigrator>(), db.Database.GetMigrations().ToList());
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
