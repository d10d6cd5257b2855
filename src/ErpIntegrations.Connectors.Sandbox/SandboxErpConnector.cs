using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Connectors.Sandbox;

internal sealed class SandboxErpConnector(SandboxErpStore store, SandboxErpOptions options, SandboxErpFaults faults, TimeProvider time, string ledger) : IErpConnector, IErpLedger
{
    public const string DisplayName = "Sandbox ERP";

    private const string ErpJobIdSeparators = "-";

    // All in one transaction, however many (unless a test limits it, to stand for an ERP that does).
    public int MaxExportsPerCall => faults.MaxExportsPerCall;

    public ErpCapabilities Capabilities => new(DisplayName, SupportsSubJobs: true, options.MaxCodeLength, options.MaxDescriptionLength, CanListSubJobs: true, ErpJobIdSeparators);

    public ValueTask<string> ProposeErpSubJobIdAsync(ErpSubJobProposal subJob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subJob);
        return ValueTask.FromResult(subJob.Code.ToUpperInvariant());
    }

    // The Sandbox ERP's rules alone: an ID it already holds is found at export, as the Sandbox ERP has always done.
    public Task<string?> ValidateErpSubJobIdAsync(ErpSubJobIdCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Task.FromResult(ValidateErpSubJobId(check.ErpSubJobId));
    }

    public async Task<ErpConnectionTest> TestConnectionAsync(CancellationToken cancellationToken)
    {
        var jobs = await ListJobsAsync(cancellationToken);
        return new ErpConnectionTest(true, $"Connected to the {DisplayName} ledger {ledger}: {jobs.Count} {(jobs.Count == 1 ? "job" : "jobs")}.", jobs.Count);
    }

    public Task AddJobAsync(ErpJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return store.AddJobAsync(ledger, job.JobId, job.Name, cancellationToken);
    }

    public Task<string> AddSubJobAsync(ErpSubJob subJob, DateTime createdAt, CancellationToken cancellationToken) =>
        store.AddSubJobAsync(ledger, subJob, createdAt, cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => store.ClearLedgerAsync(ledger, cancellationToken);

    public async Task<IReadOnlyList<ErpLedgerJob>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await store.ListLedgerAsync(ledger, cancellationToken)).Select(j => new ErpLedgerJob(
            j.JobId,
            j.Name,
            [.. j.SubJobs.Zip(j.CreatedAt, (s, at) => new ErpLedgerSubJob(s, DateTime.SpecifyKind(at, DateTimeKind.Utc)))]))];

    private string? ValidateErpSubJobId(string erpJobId)
    {
        if (string.IsNullOrWhiteSpace(erpJobId))
        {
            return "Enter the ERP Job ID.";
        }

        if (erpJobId.Length > options.MaxCodeLength)
        {
            return $"The ERP Job ID can be at most {options.MaxCodeLength} characters in {DisplayName}.";
        }

        return ErpCodes.IsValid(erpJobId, ErpJobIdSeparators)
            ? null
            : $"The ERP Job ID may hold only {ErpCodes.Describe(ErpJobIdSeparators)} in {DisplayName}, starting and ending with a letter or digit.";
    }

    public async Task<ErpExportResult> ExportSubJobAsync(ErpSubJobExport export, CancellationToken cancellationToken) =>
        (await ExportSubJobsAsync([export], cancellationToken))[0];

    // One call, one transaction: each export is one INSERT OR IGNORE on the unique ERP Job ID (only under a job the
    // ledger holds), then a read-back of the record that holds the ID, ours or another's.
    public async Task<IReadOnlyList<ErpExportResult>> ExportSubJobsAsync(IReadOnlyList<ErpSubJobExport> exports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exports);
        faults.RecordCall(ledger, exports.Count);
        await SimulateLatencyAsync(cancellationToken);
        await using var db = store.Open();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var writes = new SandboxWrites(connection, transaction, ledger);
        var results = new List<ErpExportResult>(exports.Count);
        foreach (var export in exports)
        {
            results.Add(await ExportAsync(writes, export, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    private async Task<ErpExportResult> ExportAsync(SandboxWrites writes, ErpSubJobExport export, CancellationToken cancellationToken)
    {
        using var call = faults.StartExportCall(ledger);
        if (faults.IsDown(ledger))
        {
            return ErpExportResult.Transient($"{DisplayName} is unreachable (simulated outage).");
        }

        var roll = Random.Shared.NextDouble();
        var (transientFaultRate, permanentFaultRate) = (faults.TransientFaultRate, faults.PermanentFaultRate);
        var refused = roll < transientFaultRate
            ? ErpExportResult.Transient($"{DisplayName} is temporarily unavailable (simulated outage). Try again later.")
            : roll < transientFaultRate + permanentFaultRate
                ? ErpExportResult.Permanent($"{DisplayName} refused sub job {export.ErpSubJobId}: the record was rejected by the ERP's validation (simulated fault).")
                : ValidateErpSubJobId(export.ErpSubJobId) is { } invalid
                    ? ErpExportResult.Permanent(invalid)
                    : export.Description.Length > options.MaxDescriptionLength
                        ? ErpExportResult.Permanent($"The description can be at most {options.MaxDescriptionLength} characters in {DisplayName}.")
                        : null;
        if (refused is not null)
        {
            // Our own record first, before any simulated fault: a retry after a crash between the ERP's write and our
            // save must find what the ERP already holds, as a real ERP looked up by our reference would.
            return await writes.FindAsync(export, cancellationToken) is { } ours && ours.Reference == export.Reference
                ? ErpExportResult.Success(ours.RecordId)
                : refused;
        }

        await writes.InsertOrIgnoreAsync(export, time.GetUtcNow().UtcDateTime, cancellationToken);
        return await writes.FindAsync(export, cancellationToken) switch
        {
            null => ErpExportResult.Permanent($"Job {export.JobId} does not exist in {DisplayName}."),
            { } existing when existing.Reference == export.Reference => ErpExportResult.Success(existing.RecordId),
            { } existing => ErpExportResult.Permanent($"Sub job {export.ErpSubJobId} already exists under job {export.JobId} in {DisplayName} ({existing.RecordId}, not created by this sub job). Choose another ERP Job ID."),
        };
    }

    public async Task<IReadOnlyList<ErpSubJob>> ListSubJobsAsync(string erpJobId, CancellationToken cancellationToken)
    {
        await SimulateLatencyAsync(cancellationToken);
        await using var db = store.Open();
        var rows = await db.SubJobs.AsNoTracking()
            .Where(s => s.Ledger == ledger && s.JobId == erpJobId)
            .OrderBy(s => s.ErpSubJobId)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.ToErpSubJob())];
    }

    public async Task<IReadOnlyList<ErpJob>> ListJobsAsync(CancellationToken cancellationToken)
    {
        await SimulateLatencyAsync(cancellationToken);
        await using var db = store.Open();
        var rows = await db.Jobs.AsNoTracking().Where(j => j.Ledger == ledger).OrderBy(j => j.JobId).ToListAsync(cancellationToken);
        return [.. rows.Select(j => new ErpJob(j.JobId, j.Name))];
    }

    private Task SimulateLatencyAsync(CancellationToken cancellationToken)
    {
        var latency = faults.Latency;
        return latency > TimeSpan.Zero ? Task.Delay(latency, TimeProvider.System, cancellationToken) : Task.CompletedTask;
    }
}
