namespace ErpIntegrations.Connectors.External;

// An ERP written by an integrator: nothing is sent from here. The ERP request stays pending for the integrator, who
// claims it through the connector API; the jobs and sub jobs listed are those the integrator reported.
internal sealed class ExternalConnector(ExternalSettings settings, IErpIntegratorReports reports, string? settingsProblem) : IErpConnector, IErpIntegrator
{
    public const int MaxDescriptionLength = 500;

    public ErpCapabilities Capabilities { get; } = new(
        settings.DisplayName.Length > 0 ? settings.DisplayName : "External ERP",
        SupportsSubJobs: true,
        settings.ErpJobIdMaxLength,
        MaxDescriptionLength,
        CanListSubJobs: true);

    public Uri? WebhookUrl => settingsProblem is null && Uri.TryCreate(settings.WebhookUrl, UriKind.Absolute, out var url) ? url : null;

    public string? WebhookSecret => settings.WebhookSecret.Length > 0 ? settings.WebhookSecret : null;

    public ValueTask<string> ProposeErpSubJobIdAsync(ErpSubJobProposal subJob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subJob);
        var code = settings.ErpJobIdCase switch
        {
            ErpJobIdCase.Upper => subJob.Code.ToUpperInvariant(),
            ErpJobIdCase.Lower => subJob.Code.ToLowerInvariant(),
            _ => subJob.Code,
        };
        return ValueTask.FromResult(code.Length > settings.ErpJobIdMaxLength ? code[..settings.ErpJobIdMaxLength] : code);
    }

    public async Task<string?> ValidateErpSubJobIdAsync(ErpSubJobIdCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (settings.Check(check.ErpSubJobId) is { } invalid)
        {
            return invalid;
        }

        var clash = (await ListSubJobsAsync(check.JobId, cancellationToken))
            .FirstOrDefault(s => string.Equals(s.ErpSubJobId, check.ErpSubJobId, StringComparison.OrdinalIgnoreCase) && (s.Reference is null || s.Reference != check.Reference));
        return clash is null
            ? null
            : $"{Capabilities.DisplayName} already holds sub job {clash.ErpSubJobId} under job {check.JobId} (\"{clash.Description}\"). Enter a different ERP Job ID, or add that one to the project from Ready to Import.";
    }

    public Task<ErpExportResult> ExportSubJobAsync(ErpSubJobExport export, CancellationToken cancellationToken) =>
        Task.FromResult(ErpExportResult.Permanent($"{Capabilities.DisplayName} is written by its integrator through the connector API, not by ERP Integrations."));

    public Task<IReadOnlyList<ErpSubJob>> ListSubJobsAsync(string erpJobId, CancellationToken cancellationToken)
    {
        RequireUsable();
        return reports.SubJobsAsync(settings.CompanyId, erpJobId, cancellationToken);
    }

    public Task<IReadOnlyList<ErpJob>> ListJobsAsync(CancellationToken cancellationToken)
    {
        RequireUsable();
        return reports.JobsAsync(settings.CompanyId, cancellationToken);
    }

    public async Task<ErpConnectionTest> TestConnectionAsync(CancellationToken cancellationToken)
    {
        if (settingsProblem is not null)
        {
            return new ErpConnectionTest(false, settingsProblem, null);
        }

        var jobs = await ListJobsAsync(cancellationToken);
        return new ErpConnectionTest(
            true,
            jobs.Count == 0
                ? $"{Capabilities.DisplayName}'s integrator has not reported any jobs yet (PUT /api/v1/connector/jobs with a connector credential)."
                : $"{Capabilities.DisplayName}'s integrator reported {jobs.Count} job{(jobs.Count == 1 ? "" : "s")}.",
            jobs.Count);
    }

    private void RequireUsable()
    {
        if (settingsProblem is not null)
        {
            throw new ErpException(settingsProblem, isTransient: false);
        }
    }
}
