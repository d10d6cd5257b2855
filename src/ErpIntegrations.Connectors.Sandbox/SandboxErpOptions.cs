using System.ComponentModel.DataAnnotations;

namespace ErpIntegrations.Connectors.Sandbox;

// Fixed at start-up: the latency and fault rates are only where SandboxErpFaults starts.
public sealed class SandboxErpOptions
{
    [Required(ErrorMessage = "Erp:Sandbox:ConnectionString must name the Sandbox ERP's SQLite database.")]
    public string ConnectionString { get; set; } = "";

    [Range(0, int.MaxValue, ErrorMessage = "Erp:Sandbox:LatencyMilliseconds must be 0 or more.")]
    public int LatencyMilliseconds { get; set; }

    public TimeSpan Latency => TimeSpan.FromMilliseconds(LatencyMilliseconds);

    // Share of exports (0 to 1) that fail as if the ERP were unreachable.
    [Range(0.0, 1.0, ErrorMessage = "Erp:Sandbox:TransientFaultRate must lie between 0 and 1.")]
    public double TransientFaultRate { get; set; }

    // Share of exports (0 to 1) that the ERP refuses outright.
    [Range(0.0, 1.0, ErrorMessage = "Erp:Sandbox:PermanentFaultRate must lie between 0 and 1.")]
    public double PermanentFaultRate { get; set; }

    // Longest sub job code and ERP Job ID the Sandbox ERP accepts.
    [Range(1, int.MaxValue, ErrorMessage = "Erp:Sandbox:MaxCodeLength must be at least 1.")]
    public int MaxCodeLength { get; set; } = 30;

    [Range(1, int.MaxValue, ErrorMessage = "Erp:Sandbox:MaxDescriptionLength must be at least 1.")]
    public int MaxDescriptionLength { get; set; } = 60;
}
