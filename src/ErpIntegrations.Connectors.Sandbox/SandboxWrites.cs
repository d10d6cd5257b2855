using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ErpIntegrations.Connectors.Sandbox;

// The two statements of a Sandbox ERP export, prepared once for every export of a call, in its transaction.
internal sealed class SandboxWrites(SqliteConnection connection, SqliteTransaction transaction, string ledger) : IAsyncDisposable
{
    // A second ERP Job ID under the job, in any case, is ignored by the unique index; so is one under a job the ledger
    // does not hold, by the WHERE.
    private readonly SqliteCommand _insert = Command(
        connection,
        transaction,
        """
        INSERT OR IGNORE INTO "SubJobs" ("Ledger", "JobId", "ErpSubJobId", "Description", "Reference", "CostCodes", "CreatedAt")
        SELECT $ledger, $jobId, $erpSubJobId, $description, $reference, $costCodes, $createdAt
        WHERE EXISTS (SELECT 1 FROM "Jobs" WHERE "Ledger" = $ledger AND "JobId" = $jobId);
        """,
        ledger);

    // Its own record first, where an older store holds the ID twice in different cases.
    private readonly SqliteCommand _find = Command(
        connection,
        transaction,
        """
        SELECT "Id", "Reference" FROM "SubJobs"
        WHERE "Ledger" = $ledger AND "JobId" = $jobId AND "ErpSubJobId" = $erpSubJobId COLLATE NOCASE
        ORDER BY "Reference" IS $reference DESC, "Id"
        LIMIT 1;
        """,
        ledger);

    public async Task InsertOrIgnoreAsync(ErpSubJobExport export, DateTime createdAt, CancellationToken cancellationToken)
    {
        Bind(_insert, export);
        _insert.Parameters["$description"].Value = export.Description;
        _insert.Parameters["$costCodes"].Value = JsonSerializer.Serialize(export.CostCodes.Select(c => c.Code));
        _insert.Parameters["$createdAt"].Value = createdAt;
        await _insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(string RecordId, string? Reference)?> FindAsync(ErpSubJobExport export, CancellationToken cancellationToken)
    {
        Bind(_find, export);
        await using var reader = await _find.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var row = new SandboxSubJob { Id = reader.GetInt32(0), Ledger = ledger, JobId = export.JobId, ErpSubJobId = export.ErpSubJobId, Description = "" };
        return (row.RecordId, reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _find.DisposeAsync();
    }

    private static void Bind(SqliteCommand command, ErpSubJobExport export)
    {
        command.Parameters["$jobId"].Value = export.JobId;
        command.Parameters["$erpSubJobId"].Value = export.ErpSubJobId;
        command.Parameters["$reference"].Value = (object?)export.Reference ?? DBNull.Value;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string ledger)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$ledger", ledger);
        foreach (var name in new[] { "$jobId", "$erpSubJobId", "$reference", "$description", "$costCodes", "$createdAt" }.Where(sql.Contains))
        {
            command.Parameters.Add(name, SqliteType.Text);
        }

        return command;
    }
}
