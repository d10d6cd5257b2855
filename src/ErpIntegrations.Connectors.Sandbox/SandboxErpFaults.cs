using Microsoft.Extensions.Options;

namespace ErpIntegrations.Connectors.Sandbox;

// The Sandbox ERP's simulated latency and faults, read by its connector on every call. They start as configured in
// SandboxErpOptions; tests change them here on a running app to make the ERP slow or failing, and the
// options themselves never change.
public sealed class SandboxErpFaults(IOptions<SandboxErpOptions> options)
{
    private double _transientFaultRate = options.Value.TransientFaultRate;
    private double _permanentFaultRate = options.Value.PermanentFaultRate;
    private TimeSpan _latency = options.Value.Latency;

    public TimeSpan Latency
    {
        get => _latency;
        set => _latency = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The latency cannot be negative.");
    }

    public double TransientFaultRate
    {
        get => _transientFaultRate;
        set => _transientFaultRate = Rate(value);
    }

    public double PermanentFaultRate
    {
        get => _permanentFaultRate;
        set => _permanentFaultRate = Rate(value);
    }

    private static double Rate(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A fault rate lies between 0 and 1.");
}
