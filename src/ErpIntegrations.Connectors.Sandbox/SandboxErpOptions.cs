using System.ComponentModel.DataAnnotations;

namespace ErpIntegrations.Connectors.Sandbox;

/// <summary>
/// Settings of the embedded Sandbox ERP (configuration section <c>Erp:Sandbox</c>), fixed at start-up. The latency and
/// fault rates are where <see cref="SandboxErpFaults"/> starts.
/// </summary>
public sealed class SandboxErpOptions
{
    /// <summary>The SQLite connection string of the Sandbox ERP's own store.</summary>
    [Required(ErrorMessage = "Erp:Sandbox:ConnectionString must name the Sandbox ERP's SQLite database.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Added latency of every call, in milliseconds (the configuration key); see <see cref="Latency"/>.</summary>
    [Range(0, int.MaxValue, ErrorMessage = "Erp:Sandbox:LatencyMilliseconds must be 0 or more.")]
    public int LatencyMilliseconds { get; set; }

    /// <summary>Added latency of every call.</summary>
    public TimeSpan Latency => TimeSpan.FromMilliseconds(LatencyMilliseconds);

    /// <summary>Share of exports (0 to 1) that fail as if the ERP were unreachable.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Erp:Sandbox:TransientFaultRate must lie between 0 and 1.")]
    public double TransientFaultRate { get; set; }

    /// <summary>Share of exports (0 to 1) that the ERP refuses outright.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Erp:Sandbox:PermanentFaultRate must lie between 0 and 1.")]
    public double PermanentFaultRate { get; set; }

    /// <summary>Longest sub job code and ERP Job ID the Sandbox ERP accepts.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Erp:Sandbox:MaxCodeLength must be at least 1.")]
    public int MaxCodeLength { get; set; } = 30;

    /// <summary>Longest sub job description the Sandbox ERP accepts.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Erp:Sandbox:MaxDescriptionLength must be at least 1.")]
    public int MaxDescriptionLength { get; set; } = 60;
}
