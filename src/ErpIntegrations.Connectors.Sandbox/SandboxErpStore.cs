using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Connectors.Sandbox;

// The Sandbox ERP's own ledger of jobs and sub jobs, in a database of its own so that what it has written
// stays written whatever happens to ERP Integrations. Each ledger is one company's ERP.
public sealed class SandboxErpStore(IOptions<SandboxErpOptions> options)
{
    private const int SqliteConstraint = 19;

    // The store's format, kept in SQLite's user_version. 0: each sub job's cost codes joined by commas (which split a
    // code such as 03,100 in two); 1: a JSON array.
    private const int CurrentFormat = 1;

    private readonly DbContextOptions<SandboxErpDbContext> _contextOptions = new DbContextOptionsBuilder<SandboxErpDbContext>()
        .UseSqlite(options.Value.ConnectionString)
        .AddInterceptors(new SandboxPragmas())
        .Options;

    internal SandboxErpDbContext Open() => new(_contextOptions);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        var created = await db.Database.EnsureCreatedAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await UpgradeAsync(db, created, cancellationToken);

        // ERP Job IDs are unique under a job whatever their case. The index is made here, not in the model, so
        // that a store created by an earlier version (which EnsureCreated leaves alone) gains it too.
        try
        {
            await db.Database.ExecuteSqlRawAsync(
                """CREATE UNIQUE INDEX IF NOT EXISTS "IX_SubJobs_Ledger_JobId_ErpSubJobId_NoCase" ON "SubJobs" ("Ledger", "JobId", "ErpSubJobId" COLLATE NOCASE);""",
                cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            // An older store may already hold two IDs that differ only in case; it keeps them. New ones are
            // still refused: every export looks the ID up, case-insensitively, before it inserts.
        }
    }

    // Brings a store of an earlier format to the current one, in one transaction that other processes opening the same
    // store wait for (BEGIN IMMEDIATE); a row already in the current format is left as it is.
    private static async Task UpgradeAsync(SandboxErpDbContext db, bool created, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            if (Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken), System.Globalization.CultureInfo.InvariantCulture) >= CurrentFormat)
            {
                return;
            }

            if (!created)
            {
                await ListCostCodesAsync(connection, transaction, cancellationToken);
            }

            await ScalarAsync(connection, transaction, $"PRAGMA user_version = {CurrentFormat};", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ListCostCodesAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var joined = new List<(long Id, string CostCodes)>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = """SELECT "Id", "CostCodes" FROM "SubJobs" WHERE json_valid("CostCodes") = 0 OR json_type("CostCodes") <> 'array';""";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                joined.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """UPDATE "SubJobs" SET "CostCodes" = $costCodes WHERE "Id" = $id;""";
        var costCodes = update.Parameters.Add("$costCodes", SqliteType.Text);
        var id = update.Parameters.Add("$id", SqliteType.Integer);
        foreach (var row in joined)
        {
            costCodes.Value = JsonSerializer.Serialize(row.CostCodes.Length == 0 ? [] : row.CostCodes.Split(','));
            id.Value = row.Id;
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    // Empties a ledger: its sub jobs and jobs. Only for the demo's own ledgers, which are seeded afresh whenever
    // ERP Integrations' database is new (a new database beside an old Sandbox store must not meet yesterday's demo).
    public async Task ClearLedgerAsync(string ledger, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        await db.SubJobs.Where(s => s.Ledger == ledger).ExecuteDeleteAsync(cancellationToken);
        await db.Jobs.Where(j => j.Ledger == ledger).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task AddJobAsync(string ledger, string jobId, string name, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        if (await db.Jobs.AnyAsync(j => j.Ledger == ledger && j.JobId == jobId, cancellationToken))
        {
            return;
        }

        db.Jobs.Add(new SandboxJob { Ledger = ledger, JobId = jobId, Name = name });
        await db.SaveChangesAsync(cancellationToken);
    }

    // Straight into the ledger, as someone working in the ERP itself would; the store assigns the record id.
    public async Task<string> AddSubJobAsync(string ledger, ErpSubJob subJob, DateTime createdAt, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        var row = new SandboxSubJob
        {
            Ledger = ledger,
            JobId = subJob.JobId,
            ErpSubJobId = subJob.ErpSubJobId,
            Description = subJob.Description,
            Reference = subJob.Reference,
            CostCodes = [.. subJob.CostCodes],
            CreatedAt = createdAt,
        };
        db.SubJobs.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.RecordId;
    }

    public async Task<IReadOnlyList<SandboxJobView>> ListLedgerAsync(string ledger, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.Ledger == ledger).OrderBy(j => j.JobId).ToListAsync(cancellationToken);
        var subJobs = await db.SubJobs.AsNoTracking().Where(s => s.Ledger == ledger).OrderBy(s => s.JobId).ThenBy(s => s.ErpSubJobId).ToListAsync(cancellationToken);
        return [.. jobs.Select(j => new SandboxJobView(
            j.JobId,
            j.Name,
            [.. subJobs.Where(s => s.JobId == j.JobId).Select(s => s.ToErpSubJob())],
            [.. subJobs.Where(s => s.JobId == j.JobId).Select(s => s.CreatedAt)]))];
    }

    // Matches erpSubJobId in any case, as the ERP compares them.
    public async Task<int> CountSubJobsAsync(string ledger, string jobId, string erpSubJobId, CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        return await db.SubJobs.WithErpSubJobId(ledger, jobId, erpSubJobId).CountAsync(cancellationToken);
    }
}

// CreatedAt holds when each sub job was written, in the order of SubJobs.
public sealed record SandboxJobView(string JobId, string Name, IReadOnlyList<ErpSubJob> SubJobs, IReadOnlyList<DateTime> CreatedAt);
