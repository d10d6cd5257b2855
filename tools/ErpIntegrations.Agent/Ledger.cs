using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ErpIntegrations.Agent;

/// <summary>One record of the ledger: a sub job as the ERP holds it.</summary>
public sealed record LedgerRecord(string RecordId, Guid SubJobId, string JobErpId, string ErpSubJobId, string Description, string CostCodes);

/// <summary>
/// The "ERP" of the reference agent: a plain SQLite file with one row per sub job, keyed by ERP Integrations' sub job id,
/// so that writing the same sub job twice (a lease that ran out after the write, before the answer) finds the first record
/// instead of writing a second. An integrator replaces this with its ERP's API, keeping the same look-up.
/// </summary>
public sealed class Ledger
{
    private readonly string _connectionString;

    /// <summary>Opens (and creates) the ledger file.</summary>
    public Ledger(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS sub_jobs (
                record_id INTEGER PRIMARY KEY AUTOINCREMENT,
                sub_job_id TEXT NOT NULL UNIQUE,
                job_erp_id TEXT NOT NULL,
                erp_sub_job_id TEXT NOT NULL,
                description TEXT NOT NULL,
                cost_codes TEXT NOT NULL,
                written_at TEXT NOT NULL);
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>Writes the sub job once: the record already written for the same sub job id is returned instead.</summary>
    /// <returns>The record id, and whether this call wrote it.</returns>
    public (string RecordId, bool Written) WriteOnce(ErpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO sub_jobs (sub_job_id, job_erp_id, erp_sub_job_id, description, cost_codes, written_at)
            VALUES ($subJob, $job, $erpSubJob, $description, $costCodes, $at)
            ON CONFLICT (sub_job_id) DO NOTHING;
            """;
        insert.Parameters.AddWithValue("$subJob", request.SubJob.Id.ToString());
        insert.Parameters.AddWithValue("$job", request.JobErpId);
        insert.Parameters.AddWithValue("$erpSubJob", request.ErpSubJobId);
        insert.Parameters.AddWithValue("$description", request.SubJob.Description);
        insert.Parameters.AddWithValue("$costCodes", string.Join(";", request.SubJob.CostCodes.Select(c => c.Code)));
        insert.Parameters.AddWithValue("$at", TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        var written = insert.ExecuteNonQuery() == 1;
        using var find = connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = "SELECT record_id FROM sub_jobs WHERE sub_job_id = $subJob";
        find.Parameters.AddWithValue("$subJob", request.SubJob.Id.ToString());
        var recordId = Convert.ToInt64(find.ExecuteScalar(), CultureInfo.InvariantCulture);
        transaction.Commit();
        return ($"L-{recordId}", written);
    }

    /// <summary>Every record, in the order written.</summary>
    public IReadOnlyList<LedgerRecord> List()
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT record_id, sub_job_id, job_erp_id, erp_sub_job_id, description, cost_codes FROM sub_jobs ORDER BY record_id";
        using var reader = select.ExecuteReader();
        var records = new List<LedgerRecord>();
        while (reader.Read())
        {
            records.Add(new LedgerRecord($"L-{reader.GetInt64(0)}", Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return records;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
