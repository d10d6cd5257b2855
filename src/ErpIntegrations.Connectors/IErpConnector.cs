namespace ErpIntegrations.Connectors;

/// <summary>
/// One ERP system as ERP Integrations sees it. A connector is chosen per company; the exporter,
/// the screens and the API talk to the ERP only through this contract.
/// </summary>
public interface IErpConnector
{
    /// <summary>What this ERP can do and the limits it puts on sub jobs.</summary>
    ErpCapabilities Capabilities { get; }

    /// <summary>
    /// The ERP Job ID the accept box is pre-filled with for a sub job. The approver may correct it;
    /// the corrected value is then checked with <see cref="ValidateErpSubJobIdAsync"/>.
    /// </summary>
    /// <param name="subJob">The sub job about to be accepted.</param>
    /// <param name="cancellationToken">Stops waiting for the ERP.</param>
    ValueTask<string> ProposeErpSubJobIdAsync(ErpSubJobProposal subJob, CancellationToken cancellationToken);

    /// <summary>
    /// Checks an ERP Job ID against this ERP's rules and, where the ERP can be asked, against what it already holds
    /// under the job, so that a clash is refused when the sub job is accepted rather than when it is exported.
    /// </summary>
    /// <param name="check">The ID the approver typed or accepted, with its job and the sub job's reference.</param>
    /// <param name="cancellationToken">Stops waiting for the ERP.</param>
    /// <returns>A sentence saying what is wrong, or <see langword="null"/> when the ID is acceptable.</returns>
    /// <exception cref="ErpException">The ERP could not be asked; its rules alone were met.</exception>
    Task<string?> ValidateErpSubJobIdAsync(ErpSubJobIdCheck check, CancellationToken cancellationToken);

    /// <summary>
    /// Creates one sub job in the ERP, idempotently: when the ERP already holds a sub job with the same
    /// ERP Job ID under the same job and carrying the same <see cref="ErpSubJobExport.Reference"/>,
    /// that record is returned as a success instead of creating a second one.
    /// </summary>
    /// <param name="export">What to create.</param>
    /// <param name="cancellationToken">Stops waiting for the ERP.</param>
    /// <returns>Success with the ERP's record id, or failure with the ERP's messages.</returns>
    Task<ErpExportResult> ExportSubJobAsync(ErpSubJobExport export, CancellationToken cancellationToken);

    /// <summary>
    /// The most exports one <see cref="ExportSubJobsAsync"/> call is given. They all share one lease (the exporter stops
    /// waiting for the ERP when it ends), so a connector that sends them one at a time keeps the default, 20, which leaves
    /// even a slow ERP seconds for each; a connector whose ERP takes many records in one call may take more.
    /// </summary>
    int MaxExportsPerCall => 20;

    /// <summary>
    /// Creates several sub jobs in the ERP, each idempotently as <see cref="ExportSubJobAsync"/> does, in as few calls as
    /// the ERP allows. The default sends them one at a time; a connector whose ERP takes several records in one call
    /// overrides it. An exception fails every export of the call (those already written are found by their
    /// <see cref="ErpSubJobExport.Reference"/> when they are tried again).
    /// </summary>
    /// <param name="exports">What to create, in order.</param>
    /// <param name="cancellationToken">Stops waiting for the ERP.</param>
    /// <returns>One result per export, in the order of <paramref name="exports"/>.</returns>
    async Task<IReadOnlyList<ErpExportResult>> ExportSubJobsAsync(IReadOnlyList<ErpSubJobExport> exports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exports);
        var results = new List<ErpExportResult>(exports.Count);
        foreach (var export in exports)
        {
            results.Add(await ExportSubJobAsync(export, cancellationToken));
        }

        return results;
    }

    /// <summary>
    /// Lists the sub jobs the ERP holds under one job, for import and for verifying exports.
    /// Only called when <see cref="ErpCapabilities.CanListSubJobs"/> is true.
    /// </summary>
    /// <param name="erpJobId">The job's identifier in the ERP.</param>
    /// <param name="cancellationToken">Stops waiting for the ERP.</param>
    /// <exception cref="ErpException">The ERP could not be asked.</exception>
    Task<IReadOnlyList<ErpSubJob>> ListSubJobsAsync(string erpJobId, CancellationToken cancellationToken);

    /// <summary>Lists the jobs the ERP holds, so that a project can be linked to one of them.</summary>
    /// <param name="cancellationToken">Stops waiting for the ERP.</param>
    /// <exception cref="ErpException">The ERP could not be asked.</exception>
    Task<IReadOnlyList<ErpJob>> ListJobsAsync(CancellationToken cancellationToken);

    /// <summary>Connects with the company's settings and says what it reached, or exactly what failed.</summary>
    /// <param name="cancellationToken">Stops waiting for the ERP.</param>
    Task<ErpConnectionTest> TestConnectionAsync(CancellationToken cancellationToken);
}

/// <summary>An ERP Job ID to check before a sub job is accepted under it.</summary>
/// <param name="JobId">The ERP job (the project's link) the sub job goes under.</param>
/// <param name="ErpSubJobId">The ERP Job ID the approver typed or accepted.</param>
/// <param name="Reference">The sub job's own reference: a record in the ERP carrying it is ours and no clash.</param>
public sealed record ErpSubJobIdCheck(string JobId, string ErpSubJobId, string? Reference);

/// <summary>What a connection test found.</summary>
/// <param name="Succeeded">Whether the connector reached the ERP and read its jobs.</param>
/// <param name="Message">A sentence for the person who entered the settings: what was found, or what failed.</param>
/// <param name="JobCount">The number of jobs found, when reached.</param>
public sealed record ErpConnectionTest(bool Succeeded, string Message, int? JobCount);

/// <summary>An ERP call that failed: the listings and the check at accept throw it.</summary>
public class ErpException : Exception
{
    /// <summary>Creates the failure.</summary>
    /// <param name="message">A sentence for people: the ERP's own message where it gave one.</param>
    /// <param name="isTransient">Whether trying again later may succeed.</param>
    /// <param name="innerException">What the transport threw, if anything.</param>
    public ErpException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>True when trying again later may succeed (the ERP is down, slow, busy).</summary>
    public bool IsTransient { get; }
}
