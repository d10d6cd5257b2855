using ErpIntegrations.Web.Queues;

namespace ErpIntegrations.Web.Domain;

public enum WebhookStatus
{
    Pending,
    Delivered,
    GaveUp,
}

// One event announced to the company's webhook, from the durable outbox: written in the same transaction as its cause,
// delivered after commit, retried with backoff until the receiver answers 2xx or the delivery window ends.
public sealed class WebhookDelivery : ILeasedWork
{
    public const int MaxUrlLength = 500;

    private readonly List<WebhookAttempt> _attempts = [];

    private WebhookDelivery()
    {
    }

    public WebhookDelivery(string eventId, Guid companyId, string type, Guid? erpRequestId, Guid? subJobId, string url, string body, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        EventId = eventId;
        CompanyId = companyId;
        Type = type;
        ErpRequestId = erpRequestId;
        SubJobId = subJobId;
        Url = url;
        Body = body;
        CreatedAt = now;
        WindowStart = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }

    // evt_…: the id the receiver sees, the same on every attempt so that it can drop repeats.
    public string EventId { get; private set; } = "";

    public Guid CompanyId { get; private set; }

    public string Type { get; private set; } = "";

    public Guid? ErpRequestId { get; private set; }

    public Guid? SubJobId { get; private set; }

    public string Url { get; private set; } = "";

    // The raw JSON body, signed as it is sent.
    public string Body { get; private set; } = "";

    public WebhookStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime CreatedAt { get; private set; }

    // Since when attempts are made: the event's time, or the last Redeliver's.
    public DateTime WindowStart { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    public DateTime? DeliveredAt { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public Guid? LeaseToken { get; private set; }

    public DateTime? LeaseExpiresAt { get; private set; }

    public IReadOnlyList<WebhookAttempt> AttemptLog => _attempts;

    public void Delivered(int statusCode, TimeSpan took, DateTime now)
    {
        _attempts.Add(new WebhookAttempt(Id, Attempts, now, statusCode, null, took));
        Status = WebhookStatus.Delivered;
        DeliveredAt = now;
        LastStatusCode = statusCode;
        LastError = null;
        Release();
    }

    // Tried again at nextAttemptAt, unless that falls after the window since the event: then it is given up.
    public void Failed(int? statusCode, string error, TimeSpan took, DateTime now, DateTime nextAttemptAt, TimeSpan window)
    {
        _attempts.Add(new WebhookAttempt(Id, Attempts, now, statusCode, error, took));
        LastStatusCode = statusCode;
        LastError = error;
        if (nextAttemptAt - WindowStart > window)
        {
            Status = WebhookStatus.GaveUp;
        }
        else
        {
            NextAttemptAt = nextAttemptAt;
        }

        Release();
    }

    // An admin asked for it again: delivered once more from now, whatever happened before (a new window starts).
    public void Redeliver(DateTime now)
    {
        Status = WebhookStatus.Pending;
        NextAttemptAt = now;
        WindowStart = now;
        Release();
    }

    private void Release()
    {
        LeaseToken = null;
        LeaseExpiresAt = null;
    }
}

// One attempt at delivering a webhook: when, what the receiver answered (or why it could not), how long it took.
public sealed class WebhookAttempt
{
    private WebhookAttempt()
    {
    }

    internal WebhookAttempt(Guid deliveryId, int number, DateTime at, int? statusCode, string? error, TimeSpan took)
    {
        DeliveryId = deliveryId;
        Number = number;
        At = at;
        StatusCode = statusCode;
        Error = error is { Length: > 500 } ? error[..500] : error;
        DurationMs = (int)Math.Min(int.MaxValue, took.TotalMilliseconds);
    }

    public long Id { get; private set; }

    public Guid DeliveryId { get; private set; }

    public int Number { get; private set; }

    public DateTime At { get; private set; }

    public int? StatusCode { get; private set; }

    public string? Error { get; private set; }

    public int DurationMs { get; private set; }
}
