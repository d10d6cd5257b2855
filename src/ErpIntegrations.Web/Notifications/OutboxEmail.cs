using System.Text.RegularExpressions;
using ErpIntegrations.Web.Queues;

namespace ErpIntegrations.Web.Notifications;

public enum EmailKind
{
    Rejection,
    ExportFailed,
    DailySummary,
    SetPassword,
}

public enum EmailStatus
{
    Pending,
    Sent,
    Failed,
}

// One email, written in the same transaction as the action that causes it and delivered later by
// EmailSender. The message is fixed when written, and its Message-Id is derived from
// Id, so a delivery repeated after a crash is recognisably the same message.
public sealed partial class OutboxEmail : ILeasedWork
{
    private OutboxEmail()
    {
    }

    public OutboxEmail(Guid id, Guid companyId, EmailKind kind, string toAddress, string toName, string subject, string textBody, string htmlBody, DateTime now, string? dedupKey = null)
    {
        Id = id;
        CompanyId = companyId;
        Kind = kind;
        ToAddress = toAddress;
        ToName = toName;
        Subject = subject;
        TextBody = textBody;
        HtmlBody = htmlBody;
        CreatedAt = now;
        NextAttemptAt = now;
        Status = EmailStatus.Pending;
        DedupKey = dedupKey;
    }

    public Guid Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public EmailKind Kind { get; private set; }

    public string ToAddress { get; private set; } = "";

    public string ToName { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    public string HtmlBody { get; private set; } = "";

    public EmailStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    public DateTime? SentAt { get; private set; }

    public string? LastError { get; private set; }

    // Keeps a message that must go once per period (the daily summary) from being written twice.
    public string? DedupKey { get; private set; }

    public Guid? LeaseToken { get; private set; }

    public DateTime? LeaseExpiresAt { get; private set; }

    public string MessageId => $"{Id:N}@erp-integrations";

    public void MarkSent(DateTime now)
    {
        Status = EmailStatus.Sent;
        SentAt = now;
        LastError = null;
        ReleaseLease();
        ForgetSecrets();
    }

    public void ScheduleRetry(string error, DateTime nextAttemptAt)
    {
        LastError = error;
        NextAttemptAt = nextAttemptAt;
        ReleaseLease();
    }

    public void MarkFailed(string error)
    {
        Status = EmailStatus.Failed;
        LastError = error;
        ReleaseLease();
        ForgetSecrets();
    }

    // A set-password email carries a one-time token in its link. Once the message has left (or been given up),
    // the outbox has no use for it, so the stored copy keeps the message but not the token.
    private void ForgetSecrets()
    {
        if (Kind == EmailKind.SetPassword)
        {
            TextBody = TokenInLink().Replace(TextBody, "removed-once-sent");
            HtmlBody = TokenInLink().Replace(HtmlBody, "removed-once-sent");
        }
    }

    [GeneratedRegex("(?<=[?&;]token=)[^\\s\"<>&]+")]
    private static partial Regex TokenInLink();

    private void ReleaseLease()
    {
        LeaseToken = null;
        LeaseExpiresAt = null;
    }
}
