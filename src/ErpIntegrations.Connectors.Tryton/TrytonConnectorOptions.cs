using System.ComponentModel.DataAnnotations;

namespace ErpIntegrations.Connectors.Tryton;

/// <summary>Settings shared by every company's Tryton connection (configuration section <c>Erp:Tryton</c>).</summary>
public sealed class TrytonConnectorOptions
{
    /// <summary>How many seconds one JSON-RPC call to Tryton may take before it counts as a transient failure (<c>Erp:Tryton:RequestTimeoutSeconds</c>).</summary>
    [Range(0.001, 3600, ErrorMessage = "Erp:Tryton:RequestTimeoutSeconds must lie between 0.001 and 3600.")]
    public double RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>The same time-out as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan RequestTimeout
    {
        get => TimeSpan.FromSeconds(RequestTimeoutSeconds);
        set => RequestTimeoutSeconds = value.TotalSeconds;
    }
}
