namespace ErpIntegrations.Connectors.Tryton;

/// <summary>
/// The Tryton connector, with what the connector contract does not have yet: checks that need a call to Tryton.
/// </summary>
public interface ITrytonConnector : IErpConnector
{
    /// <summary>Signs in and reports what the connection reaches: Tryton's company and the number of jobs.</summary>
    /// <param name="cancellationToken">Stops waiting for Tryton.</param>
    new Task<TrytonConnectionTest> TestConnectionAsync(CancellationToken cancellationToken);

    /// <summary>The ERP Job ID proposed for a sub job: its code in capitals, with only the characters Tryton's codes may hold.</summary>
    /// <param name="subJob">The sub job about to be accepted.</param>
    string ProposeErpSubJobId(ErpSubJobProposal subJob);

    /// <summary>Checks an ERP Job ID against the connector's rules alone, without calling Tryton.</summary>
    /// <param name="erpJobId">The ID the approver typed or accepted.</param>
    /// <returns>A sentence saying what is wrong, or <see langword="null"/>.</returns>
    string? ValidateErpSubJobId(string erpJobId);

    /// <summary>
    /// Checks an ERP Job ID against Tryton's rules and against what Tryton already holds under the job, so that a clash
    /// is refused when the sub job is accepted rather than when it is exported.
    /// </summary>
    /// <param name="jobId">The job (the project's link) the sub job goes under.</param>
    /// <param name="erpJobId">The ERP Job ID the approver typed or accepted.</param>
    /// <param name="reference">The sub job's own reference: an account carrying it is ours and no clash.</param>
    /// <param name="cancellationToken">Stops waiting for Tryton.</param>
    /// <returns>A sentence saying what is wrong, or <see langword="null"/> when the ID can be exported.</returns>
    /// <exception cref="TrytonException">Tryton could not be asked.</exception>
    Task<string?> ValidateErpSubJobIdAsync(string jobId, string erpJobId, string? reference, CancellationToken cancellationToken);
}

/// <summary>What a connection test found.</summary>
/// <param name="Succeeded">Whether the connector signed in and found the jobs.</param>
/// <param name="Message">A sentence for the person who entered the settings: what was found, or what failed.</param>
/// <param name="CompanyName">Tryton's name of the user's company, when signed in.</param>
/// <param name="JobCount">The number of jobs found, when signed in.</param>
public sealed record TrytonConnectionTest(bool Succeeded, string Message, string? CompanyName, int? JobCount);

/// <summary>A Tryton call that failed; <see cref="IErpConnector.ListJobsAsync"/> and the listing of sub jobs throw it.</summary>
public sealed class TrytonException : ErpException
{
    /// <summary>Creates the failure.</summary>
    /// <param name="message">A sentence for people: Tryton's own message where it gave one.</param>
    /// <param name="isTransient">Whether trying again later may succeed.</param>
    /// <param name="innerException">What the HTTP or JSON layer threw, if anything.</param>
    public TrytonException(string message, bool isTransient, Exception? innerException = null)
        : base(message, isTransient, innerException)
    {
    }

    /// <summary>Whether Tryton itself refused the call with a user error (its access rules among them).</summary>
    internal bool IsUserError { get; init; }
}

/// <summary>Makes Tryton connectors, from stored connection strings or from settings.</summary>
public interface ITrytonConnectorFactory : IErpConnectorFactory
{
    /// <summary>Creates the connector for one company's settings.</summary>
    /// <param name="settings">The company's Tryton settings.</param>
    ITrytonConnector Create(TrytonSettings settings);

    /// <summary>Creates the connector for a connection string in <see cref="TrytonSettings.ToConnectionString"/>'s form.</summary>
    /// <param name="connection">The connection string; one that cannot be read gives a connector whose every call says why.</param>
    IErpConnector Create(string connection);
}
