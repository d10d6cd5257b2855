namespace ErpIntegrations.Connectors;

/// <summary>
/// Stands in for an ERP's own screens where the ERP has none: the Sandbox ERP, built into ERP Integrations for trying
/// it out, offers it, so that a person can add jobs, see what arrived, and the demo can fill its ledger. A connector to
/// a real ERP does not: people work in that ERP itself.
/// </summary>
public interface IErpLedger
{
    /// <summary>Adds a job, as an accountant would create it in the ERP.</summary>
    /// <param name="job">The job's ID and name.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    Task AddJobAsync(ErpJob job, CancellationToken cancellationToken);

    /// <summary>Adds a sub job directly, as someone working in the ERP would (it then carries no reference unless given one).</summary>
    /// <param name="subJob">The sub job; its record id is chosen by the ledger.</param>
    /// <param name="createdAt">When it was created.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>The ledger's record id.</returns>
    Task<string> AddSubJobAsync(ErpSubJob subJob, DateTime createdAt, CancellationToken cancellationToken);

    /// <summary>Empties the ledger.</summary>
    /// <param name="cancellationToken">Stops the write.</param>
    Task ClearAsync(CancellationToken cancellationToken);

    /// <summary>The ledger as the ERP holds it: every job with its sub jobs and when each was created.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    Task<IReadOnlyList<ErpLedgerJob>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>A job in a ledger, with its sub jobs.</summary>
/// <param name="JobId">The job's ID.</param>
/// <param name="Name">Its name.</param>
/// <param name="SubJobs">Its sub jobs, each with when it was created.</param>
public sealed record ErpLedgerJob(string JobId, string Name, IReadOnlyList<ErpLedgerSubJob> SubJobs);

/// <summary>A sub job in a ledger.</summary>
/// <param name="SubJob">The sub job as the ERP holds it.</param>
/// <param name="CreatedAt">When it was written (UTC).</param>
public sealed record ErpLedgerSubJob(ErpSubJob SubJob, DateTime CreatedAt);
