using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Exports;

// Durations keep the documented seconds keys (LeaseSeconds, …) and are read as TimeSpans.
public sealed class ExportOptions
{
    public const string Section = "Exports";

    private const double OneYear = 365 * 24 * 3600;

    private const double OneYearInHours = 365 * 24;

    // Caps the attempts that never reported an outcome (cut short by a crash or a stop) or failed unexpectedly; an
    // unreachable ERP is waited out for RetryWindowHours instead.
    [Range(1, int.MaxValue, ErrorMessage = "Exports:MaxAttempts must be at least 1.")]
    public int MaxAttempts { get; set; } = 5;

    [Range(0, OneYearInHours, MinimumIsExclusive = true, ErrorMessage = "Exports:RetryWindowHours must be more than 0 (and at most a year).")]
    public double RetryWindowHours { get; set; } = 24;

    // A company's circuit opens when, within BreakerSamplingSeconds, at least BreakerMinimumCalls exports were tried
    // and at least this share of them found its ERP unreachable.
    [Range(0.0, 1.0, MinimumIsExclusive = true, ErrorMessage = "Exports:BreakerFailureRatio must be more than 0 and at most 1.")]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(1, int.MaxValue, ErrorMessage = "Exports:BreakerMinimumCalls must be at least 1.")]
    public int BreakerMinimumCalls { get; set; } = 5;

    [Range(0, OneYear, MinimumIsExclusive = true, ErrorMessage = "Exports:BreakerSamplingSeconds must be more than 0 (and at most a year).")]
    public double BreakerSamplingSeconds { get; set; } = 30;

    [Range(0, OneYear, MinimumIsExclusive = true, ErrorMessage = "Exports:BaseRetryDelaySeconds must be more than 0 (and at most a year).")]
    public double BaseRetryDelaySeconds { get; set; } = 2;

    [Range(0, OneYear, MinimumIsExclusive = true, ErrorMessage = "Exports:MaxRetryDelaySeconds must be more than 0 (and at most a year).")]
    public double MaxRetryDelaySeconds { get; set; } = 300;

    [Range(0, OneYear, MinimumIsExclusive = true, ErrorMessage = "Exports:LeaseSeconds must be more than 0 (and at most a year).")]
    public double LeaseSeconds { get; set; } = 60;

    [Range(0, OneYear, ErrorMessage = "Exports:LeaseMarginSeconds must be 0 or more (and at most a year).")]
    public double LeaseMarginSeconds { get; set; } = 5;

    [Range(0, OneYear, MinimumIsExclusive = true, ErrorMessage = "Exports:PollSeconds must be more than 0 (and at most a year).")]
    public double PollSeconds { get; set; } = 2;

    [Range(1, int.MaxValue, ErrorMessage = "Exports:Workers must be at least 1.")]
    public int Workers { get; set; } = 2;

    [Range(1, int.MaxValue, ErrorMessage = "Exports:BatchSize must be at least 1.")]
    public int BatchSize { get; set; } = 100;

    public bool Enabled { get; set; } = true;

    public TimeSpan RetryWindow => TimeSpan.FromHours(RetryWindowHours);

    public TimeSpan BreakerSampling => TimeSpan.FromSeconds(BreakerSamplingSeconds);

    public TimeSpan BaseRetryDelay => TimeSpan.FromSeconds(BaseRetryDelaySeconds);

    public TimeSpan MaxRetryDelay => TimeSpan.FromSeconds(MaxRetryDelaySeconds);

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    // The ERP call is cancelled this long before the request's lease ends, leaving time to save its outcome.
    public TimeSpan LeaseMargin => TimeSpan.FromSeconds(LeaseMarginSeconds);

    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);
}

internal sealed class ExportOptionsRules : IValidateOptions<ExportOptions>
{
    public ValidateOptionsResult Validate(string? name, ExportOptions options)
    {
        List<string> failures = [];
        if (options.LeaseMarginSeconds >= options.LeaseSeconds)
        {
            failures.Add("Exports:LeaseMarginSeconds must be less than Exports:LeaseSeconds, or the ERP call has no time at all.");
        }

        if (options.MaxRetryDelaySeconds < options.BaseRetryDelaySeconds)
        {
            failures.Add("Exports:MaxRetryDelaySeconds must be at least Exports:BaseRetryDelaySeconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
