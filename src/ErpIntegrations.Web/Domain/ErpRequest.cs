using System.Text.Json;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Queues;

namespace ErpIntegrations.Web.Domain;

public enum ErpRequestStatus
{
    InProgress,
    Success,
    Failed,
}

// One export of one sub job: the record of what was sent and, while in progress, the exporter's durable
// work item in a LeasedQueue<T>.
public sealed class ErpRequest : ILeasedWork
{
    private ErpRequest()
    {
    }

    internal ErpRequest(Guid id, SubJob subJob, ErpSubJobExport export, Actor requestedBy, DateTime now)
    {
        Id = id;
        CompanyId = subJob.CompanyId;
        SubJobId = subJob.Id;
        ErpSubJobId = export.ErpSubJobId;
        Payload = JsonSerializer.Serialize(export);
        RequestedById = requestedBy.UserId;
        RequestedByName = requestedBy.Name;
        Status = ErpRequestStatus.InProgress;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public Guid SubJobId { get; private set; }

    public string ErpSubJobId { get; private set; } = "";

    // What is sent to the ERP, fixed at acceptance (JSON of ErpSubJobExport).
    public string Payload { get; private set; } = "";

    public Guid RequestedById { get; private set; }

    public string RequestedByName { get; private set; } = "";

    public ErpRequestStatus Status { get; private set; }

    // ERP calls started, counted when the call starts (not when its outcome is saved), so that an attempt cut short
    // by a crash still counts and a request that keeps crashing its exporter runs out of attempts.
    public int Attempts { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    public Guid? LeaseToken { get; private set; }

    public DateTime? LeaseExpiresAt { get; private set; }

    public string? Messages { get; private set; }

    public string? ErpRecordId { get; private set; }

    public ErpSubJobExport ReadPayload() =>
        JsonSerializer.Deserialize<ErpSubJobExport>(Payload) ?? throw new InvalidOperationException($"ERP request {Id} has no payload.");

    // Counts an attempt and leases the request for it. The exporter does the same in one conditional UPDATE, so
    // that two exporters can never both start it; this is that step for requests built in memory.
    public void StartAttempt(Guid leaseToken, DateTime leaseUntil)
    {
        Attempts++;
        LeaseToken = leaseToken;
        LeaseExpiresAt = leaseUntil;
    }

    public void Succeed(string erpRecordId, DateTime now)
    {
        Status = ErpRequestStatus.Success;
        ErpRecordId = erpRecordId;
        Messages = null;
        Complete(now);
    }

    public void Fail(string messages, DateTime now)
    {
        Status = ErpRequestStatus.Failed;
        Messages = messages;
        Complete(now);
    }

    // Records a transient failure and schedules the next attempt; the lease is released.
    public void ScheduleRetry(string messages, DateTime nextAttemptAt)
    {
        Messages = messages;
        NextAttemptAt = nextAttemptAt;
        LeaseToken = null;
        LeaseExpiresAt = null;
    }

    private void Complete(DateTime now)
    {
        CompletedAt = now;
        LeaseToken = null;
        LeaseExpiresAt = null;
    }
}
