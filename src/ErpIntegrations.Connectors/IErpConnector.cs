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
    /// the corrected value is then checked with <see cref="ValidateErpSubJobId"/>.
    /// </summary>
    /// <param name="subJob">The sub job about to be accepted.</param>
    string ProposeErpSubJobId(ErpSubJobProposal subJob);

    /// <summary>
    /// Checks an ERP Job ID against this ERP's rules.
    /// </summary>
    /// <param name="erpJobId">The ID the approver typed or accepted.</param>
    /// <returns>A sentence saying what is wrong, or <see langword="null"/> when the ID is acceptable.</returns>
    string? ValidateErpSubJobId(string erpJobId);

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
    /// Lists the sub jobs the ERP holds under one job, for import and for verifying exports.
    /// Only called when <see cref="ErpCapabilities.CanListSubJobs"/> is true.
    /// </summary>
    /// <param name="erpJobId">The job's identifier in the ERP.</param>
    /// <param name="cancellationToken">Stops waiting for the ERP.</param>
    Task<IReadOnlyList<ErpSubJob>> ListSubJobsAsync(string erpJobId, CancellationToken cancellationToken);

    /// <summary>Lists the jobs the ERP holds, so that a project can be linked to one of them.</summary>
    /// <param name="cancellationToken">Stops waiting for the ERP.</param>
    Task<IReadOnlyList<ErpJob>> ListJobsAsync(CancellationToken cancellationToken);
}
