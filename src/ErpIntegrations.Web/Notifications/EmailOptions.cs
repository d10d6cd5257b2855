namespace ErpIntegrations.Web.Notifications;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>Mail settings (configuration section <c>Email</c>).</summary>
public sealed class EmailOptions
{
    public SmtpOptions Smtp { get; set; } = new();

    public string From { get; set; } = "ERP Integrations <erp-integrations@localhost>";

    /// <summary>Where messages are written as .eml files when no SMTP host is configured.</summary>
    public string PickupDirectory { get; set; } = "";

    /// <summary>The hour (UTC) from which each company's daily summary goes out.</summary>
    public int DailySummaryHourUtc { get; set; } = 7;

    public double BaseRetryDelaySeconds { get; set; } = 5;

    public double MaxRetryDelaySeconds { get; set; } = 600;

    /// <summary>
    /// Deliveries that fail unexpectedly (not an answer of the mail server: a malformed sender, a disk error) give
    /// the message up once it has been tried this many times; a mail server that is down is waited out instead.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    public double LeaseSeconds { get; set; } = 60;

    public double PollSeconds { get; set; } = 5;

    public bool Enabled { get; set; } = true;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

    public string? Username { get; set; }

    public string? Password { get; set; }
}
