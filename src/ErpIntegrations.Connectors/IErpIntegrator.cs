namespace ErpIntegrations.Connectors;

/// <summary>
/// A connector whose ERP is written by an integrator (a partner's service or an on-premise agent) instead of by ERP
/// Integrations: exporting calls no ERP, the ERP request waits for the integrator to claim it through the connector API,
/// and the integrator answers with the outcome. Such a connector may announce events to a webhook.
/// </summary>
public interface IErpIntegrator
{
    /// <summary>Where events are announced (signed with <see cref="WebhookSecret"/>); <see langword="null"/> when none is set.</summary>
    Uri? WebhookUrl { get; }

    /// <summary>The secret webhook bodies are signed with; <see langword="null"/> until one is generated.</summary>
    string? WebhookSecret { get; }
}

/// <summary>
/// What integrators reported of their ERPs through the connector API, kept by the application: the ERP's jobs and the
/// sub jobs that exist only in the ERP. An integrator connector lists these instead of asking an ERP it cannot reach.
/// </summary>
public interface IErpIntegratorReports
{
    /// <summary>The jobs the company's integrator last reported.</summary>
    /// <param name="companyId">The company.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    Task<IReadOnlyList<ErpJob>> JobsAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>The sub jobs under one job the company's integrator last reported.</summary>
    /// <param name="companyId">The company.</param>
    /// <param name="jobId">The ERP job.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    Task<IReadOnlyList<ErpSubJob>> SubJobsAsync(Guid companyId, string jobId, CancellationToken cancellationToken);
}
