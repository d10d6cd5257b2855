namespace ErpIntegrations.Web.Exports;

/// <summary>The exporter's settings (configuration section <c>Exports</c>).</summary>
public sealed class ExportOptions
{
    public int MaxAttempts { get; set; } = 5;

    public double BaseRetryDelaySeconds { get; set; } = 2;

    public double MaxRetryDelaySeconds { get; set; } = 300;

    public double LeaseSeconds { get; set; } = 60;

    /// <summary>The ERP call is cancelled this long before the request's lease ends, leaving time to save its outcome.</summary>
    public double LeaseMarginSeconds { get; set; } = 5;

    public double PollSeconds { get; set; } = 2;

    public int Workers { get; set; } = 2;

    public int BatchSize { get; set; } = 20;

    public bool Enabled { get; set; } = true;

    public void Validate()
    {
        if (MaxAttempts < 1 || BaseRetryDelaySeconds <= 0 || MaxRetryDelaySeconds < BaseRetryDelaySeconds || LeaseSeconds <= 0 || LeaseMarginSeconds < 0 || LeaseMarginSeconds >= LeaseSeconds || PollSeconds <= 0 || Workers < 1 || BatchSize < 1)
        {
            throw new InvalidOperationException("Exports settings are out of range: MaxAttempts ≥ 1, delays > 0 with MaxRetryDelaySeconds ≥ BaseRetryDelaySeconds, LeaseSeconds > 0, 0 ≤ LeaseMarginSeconds < LeaseSeconds, PollSeconds > 0, Workers ≥ 1, BatchSize ≥ 1.");
        }
    }
}
