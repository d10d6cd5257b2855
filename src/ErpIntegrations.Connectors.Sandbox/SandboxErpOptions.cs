namespace ErpIntegrations.Connectors.Sandbox;

/// <summary>
/// Settings of the embedded Sandbox ERP (configuration section <c>Erp:Sandbox</c>), bound once at start-up.
/// The connector reads this one instance on every call, so a test that changes it makes the ERP slow or
/// failing at once; changing the configuration file needs a restart.
/// </summary>
public sealed class SandboxErpOptions
{
    /// <summary>The SQLite connection string of the Sandbox ERP's own store.</summary>
    public string ConnectionString { get; set; } = "Data Source=sandbox-erp.db";

    /// <summary>Added latency of every call, in milliseconds.</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>Share of exports (0 to 1) that fail as if the ERP were unreachable.</summary>
    public double TransientFaultRate { get; set; }

    /// <summary>Share of exports (0 to 1) that the ERP refuses outright.</summary>
    public double PermanentFaultRate { get; set; }

    /// <summary>Longest sub job code and ERP Job ID the Sandbox ERP accepts.</summary>
    public int MaxCodeLength { get; set; } = 30;

    /// <summary>Longest sub job description the Sandbox ERP accepts.</summary>
    public int MaxDescriptionLength { get; set; } = 60;
}
