using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Notifications;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

// Durations keep the documented seconds keys and are read as TimeSpans.
public sealed class EmailOptions
{
    public const string Section = "Email";

    private const double OneYear = 365 * 24 * 3600;

    public SmtpOptions Smtp { get; set; } = new();

    public string From { get; set; } = "ERP Integrations <erp-integrations@localhost>";

    // Where messages are written as .eml files when no SMTP host is configured.
    public string PickupDirectory { get; set; } = "";

    [Range(0, 23, ErrorMessage = "Email:DailySummaryHourUtc must be an hour from 0 to 23.")]
    public int DailySummaryHourUtc { get; set; } = 7;

    [Range(0, OneYear, MinimumIsExclusive = true, ErrorMessage = "Email:BaseRetryDelaySeconds must be more than 0 (and at most a year).")]
    public double BaseRetryDelaySeconds { get; set; } = 5;

    [Range(0, OneYear, MinimumIsExclusive = true, ErrorMessage = "Email:MaxRetryDelaySeconds must be more than 0 (and at most a year).")]
    public double MaxRetryDelaySeconds { get; set; } = 600;

    // Deliveries that fail unexpectedly (not an answer of the mail server: a malformed sender, a disk error) give
    // the message up once it has been tried this many times; a mail server that is down is waited out instead.
    [Range(1, int.MaxValue, ErrorMessage = "Email:MaxAttempts must be at least 1.")]
    public int MaxAttempts { get; set; } = 5;

    [Range(0, OneYear, MinimumIsExclusive = true, ErrorMessage = "Email:LeaseSeconds must be more than 0 (and at most a year).")]
    public double LeaseSeconds { get; set; } = 60;

    [Range(0, OneYear, MinimumIsExclusive = true, ErrorMessage = "Email:PollSeconds must be more than 0 (and at most a year).")]
    public double PollSeconds { get; set; } = 5;

    public bool Enabled { get; set; } = true;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    public TimeSpan BaseRetryDelay => TimeSpan.FromSeconds(BaseRetryDelaySeconds);

    public TimeSpan MaxRetryDelay => TimeSpan.FromSeconds(MaxRetryDelaySeconds);

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

    public string? Username { get; set; }

    public string? Password { get; set; }
}

internal sealed class EmailOptionsRules : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        options.MaxRetryDelaySeconds < options.BaseRetryDelaySeconds
            ? ValidateOptionsResult.Fail("Email:MaxRetryDelaySeconds must be at least Email:BaseRetryDelaySeconds.")
            : ValidateOptionsResult.Success;
}
