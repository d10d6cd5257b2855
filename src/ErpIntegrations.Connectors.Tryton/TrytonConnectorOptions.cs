namespace ErpIntegrations.Connectors.Tryton;

/// <summary>Settings shared by every company's Tryton connection (configuration section <c>Erp:Tryton</c>).</summary>
public sealed class TrytonConnectorOptions
{
    /// <summary>How long one JSON-RPC call to Tryton may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
