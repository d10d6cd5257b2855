namespace ErpIntegrations.Connectors;

/// <summary>What an ERP connector can do, shown to users and enforced before anything is sent.</summary>
/// <param name="DisplayName">The ERP's name as people know it, used in "Export to [ERP System]".</param>
/// <param name="SupportsSubJobs">Whether sub jobs can be exported to this ERP at all.</param>
/// <param name="MaxCodeLength">The longest sub job code (and ERP Job ID) the ERP accepts.</param>
/// <param name="MaxDescriptionLength">The longest sub job description the ERP accepts.</param>
/// <param name="CanListSubJobs">Whether the ERP's sub jobs can be listed, for import and verification.</param>
/// <param name="ErpJobIdSeparators">
/// The separators the ERP takes in an ERP Job ID, besides letters and digits: <see cref="ErpCodes.ErpJobIdSeparators"/>
/// or fewer (more are ignored: a connector narrows the rule, never widens it).
/// </param>
public sealed record ErpCapabilities(
    string DisplayName,
    bool SupportsSubJobs,
    int MaxCodeLength,
    int MaxDescriptionLength,
    bool CanListSubJobs,
    string ErpJobIdSeparators = ErpCodes.ErpJobIdSeparators);
