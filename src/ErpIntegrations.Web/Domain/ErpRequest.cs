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

public enum IntegratorAnswer
{
    Complete,
    FailTransient,
    FailPermanent,
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

    // The attempts Exports:MaxAttempts caps: counted like Attempts when each starts, and taken back when the attempt
    // finds the ERP unreachable (a transient fault, or no answer in time), which the retry window bounds instead. What
    // is left are attempts cut short by a crash or a stop, and those the connector failed unexpectedly, so that a
    // request which keeps crashing its exporter still ends.
    public int CappedAttempts { get; private set; }

    // Since when the ERP has been unreachable for this request: from its first transient fault, or from when its
    // company's ERP was found down while it waited its turn. Cleared when a probe finds the ERP back.
    public DateTime? ErpUnreachableSince { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    public Guid? LeaseToken { get; private set; }

    public DateTime? LeaseExpiresAt { get; private set; }

    public string? Messages { get; private set; }

    public string? ErpRecordId { get; private set; }

    // Written by the company's integrator through the connector API: the exporter never claims it.
    public bool ViaIntegrator { get; private set; }

    // The lease the integrator's last answer came with, and which answer it was: the same call again answers the same.
    public Guid? AnsweredLeaseId { get; private set; }

    public IntegratorAnswer? Answer { get; private set; }

    public void HandToIntegrator() => ViaIntegrator = true;

    // Whether this answer, with this lease, was already recorded: repeating it changes nothing.
    public bool HasAnswered(Guid leaseId, IntegratorAnswer answer) => ViaIntegrator && AnsweredLeaseId == leaseId && Answer == answer;

    // An integrator's answer counts only while the request is in progress under the lease it claimed with, and before
    // that lease ends: a late answer from an expired claim must not overwrite a newer one.
    public void RequireLease(Guid leaseId, DateTime now)
    {
        if (!ViaIntegrator)
        {
            throw new DomainRuleException($"ERP request {Id} is exported by ERP Integrations itself, not by an integrator.");
        }

        if (Status != ErpRequestStatus.InProgress)
        {
            throw new DomainRuleException($"ERP request {Id} has moved on: it is {(Status == ErpRequestStatus.Success ? "Synced" : "Failed to Export")}.");
        }

        if (AnsweredLeaseId == leaseId)
        {
            throw new DomainRuleException($"Lease {leaseId} of ERP request {Id} was already answered ({Answer?.ToString().ToLowerInvariant()}); claim the request again to answer anew.");
        }

        if (LeaseToken != leaseId)
        {
            throw new DomainRuleException($"Lease {leaseId} is not the current lease of ERP request {Id}: it expired and the request was claimed again, or it was never issued. Claim the request again.");
        }

        if (LeaseExpiresAt is { } expires && expires < now)
        {
            throw new DomainRuleException($"Lease {leaseId} of ERP request {Id} expired at {expires:u}; the request can be claimed again.");
        }
    }

    // The integrator wrote the record: the request is Synced.
    public void CompleteByIntegrator(Guid leaseId, string erpRecordId, DateTime now)
    {
        RequireLease(leaseId, now);
        Succeed(erpRecordId, now);
        Remember(leaseId, IntegratorAnswer.Complete);
    }

    // The integrator could not write the record: Failed to Export (permanent), or tried again after nextAttemptAt.
    // A transient failure does not use up Exports:MaxAttempts; the retry window since the first one bounds it.
    public void FailByIntegrator(Guid leaseId, string messages, bool transient, DateTime nextAttemptAt, DateTime now)
    {
        RequireLease(leaseId, now);
        if (transient)
        {
            WaitForErp(messages, now, nextAttemptAt);
            Remember(leaseId, IntegratorAnswer.FailTransient);
        }
        else
        {
            Fail(messages, now);
            Remember(leaseId, IntegratorAnswer.FailPermanent);
        }
    }

    private void Remember(Guid leaseId, IntegratorAnswer answer)
    {
        AnsweredLeaseId = leaseId;
        Answer = answer;
    }

    public ErpSubJobExport ReadPayload() =>
        JsonSerializer.Deserialize<ErpSubJobExport>(Payload) ?? throw new InvalidOperationException($"ERP request {Id} has no payload.");

    // Counts an attempt and leases the request for it. The exporter does the same in one conditional UPDATE, so
    // that two exporters can never both start it; this is that step for requests built in memory.
    public void StartAttempt(Guid leaseToken, DateTime leaseUntil)
    {
        Attempts++;
        CappedAttempts++;
        LeaseToken = leaseToken;
        LeaseExpiresAt = leaseUntil;
    }

    public void Succeed(string erpRecordId, DateTime now)
    {
        Status = ErpRequestStatus.Success;
        ErpRecordId = erpRecordId;
        Messages = null;
        ErpUnreachableSince = null;
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

    // Records that this attempt found the ERP unreachable: it waits until nextAttemptAt and does not count toward
    // Exports:MaxAttempts (HasWaitedOut bounds it instead).
    public void WaitForErp(string messages, DateTime unreachableSince, DateTime nextAttemptAt)
    {
        CappedAttempts = Math.Max(0, CappedAttempts - 1);
        Hold(unreachableSince, nextAttemptAt);
        Messages = messages;
    }

    // Holds the request back without an attempt while its company's ERP is unreachable; the lease is released.
    public void Hold(DateTime unreachableSince, DateTime nextAttemptAt)
    {
        ErpUnreachableSince ??= unreachableSince;
        NextAttemptAt = nextAttemptAt;
        LeaseToken = null;
        LeaseExpiresAt = null;
    }

    // The ERP has been unreachable for this request for the whole retry window: it is time to give it up.
    public bool HasWaitedOut(DateTime now, TimeSpan window) => ErpUnreachableSince is { } since && now - since >= window;

    private void Complete(DateTime now)
    {
        CompletedAt = now;
        LeaseToken = null;
        LeaseExpiresAt = null;
    }
}
