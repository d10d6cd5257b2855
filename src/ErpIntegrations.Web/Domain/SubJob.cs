using ErpIntegrations.Connectors;

namespace ErpIntegrations.Web.Domain;

// A division of a project that accounting must accept before it reaches the ERP. Its life is the state
// machine of PRODUCT.md §4; every method is one transition, and any other move is refused.
public sealed class SubJob
{
    public const int MaxRejectionReasonLength = 500;

    public const string ChangedSinceSeen = "This sub job changed since you opened it — review it again.";

    private readonly List<SubJobCostCode> _costCodes = [];
    private readonly List<AuditEntry> _history = [];

    private SubJob()
    {
    }

    public Guid Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public Guid ProjectId { get; private set; }

    public Project Project { get; private set; } = null!;

    public string Code { get; private set; } = "";

    public string Description { get; private set; } = "";

    public SubJobState State { get; private set; }

    public Guid? CreatedById { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public Guid? LastSentById { get; private set; }

    public string? LastSentByName { get; private set; }

    public DateTime? LastSentAt { get; private set; }

    // The ERP Job ID the sub job was accepted under; kept once synced.
    public string? ErpSubJobId { get; private set; }

    // ErpSubJobId as compared: ERP Job IDs, like sub job codes, are the same whatever their case.
    // Kept in step with it here; a unique index on it (per project, while Exporting or Synced) holds the rule.
    public string? NormalizedErpSubJobId { get; private set; }

    public string? ErpRecordId { get; private set; }

    public string? RejectionReason { get; private set; }

    public string? RejectedByName { get; private set; }

    public string? ExportError { get; private set; }

    // The approver who accepted the current export, told by email if it fails.
    public Guid? AcceptedById { get; private set; }

    // Optimistic concurrency: of two people acting on the same version, one wins.
    public int Version { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public IReadOnlyList<SubJobCostCode> CostCodes => _costCodes;

    // The codes of CostCodes in ordinal order, kept in the sub job's own row so that a list shows them without
    // joining a row of SubJobCostCode for each.
    public IReadOnlyList<string> CostCodeList { get; private set; } = [];

    public IReadOnlyList<AuditEntry> History => _history;

    public bool IsEditable => State is SubJobState.NotSent or SubJobState.Rejected or SubJobState.Retrieved;

    public static string NormalizeErpSubJobId(string erpJobId) => erpJobId.ToUpperInvariant();

    public static SubJob Create(Project project, string code, string description, IReadOnlyCollection<CostCode> costCodes, Actor by, DateTime now)
    {
        var subJob = new SubJob
        {
            Id = Guid.CreateVersion7(now),
            CompanyId = project.CompanyId,
            ProjectId = project.Id,
            Project = project,
            Code = code,
            Description = description,
            State = SubJobState.NotSent,
            CreatedById = by.UserId,
            CreatedAt = now,
        };
        subJob.ReplaceCostCodes(costCodes);
        subJob.Record(AuditAction.Created, by, now, $"{code} — {description}");
        return subJob;
    }

    // Creates a sub job that already exists in the ERP (Ready to Import → Add to Project).
    public static SubJob Import(Project project, ErpSubJob fromErp, IReadOnlyCollection<CostCode> costCodes, Actor by, DateTime now)
    {
        if (!Access.CanApprove(by))
        {
            throw new DomainRuleException("Only an accounting approver can add a sub job from the ERP to a project.");
        }

        if (!project.IsLinked || project.ErpJobId != fromErp.JobId)
        {
            throw new DomainRuleException($"Project {project.Number} is not linked to ERP job {fromErp.JobId}.");
        }

        var subJob = new SubJob
        {
            Id = Guid.CreateVersion7(now),
            CompanyId = project.CompanyId,
            ProjectId = project.Id,
            Project = project,
            Code = fromErp.ErpSubJobId,
            Description = fromErp.Description,
            State = SubJobState.Synced,
            CreatedById = by.UserId,
            CreatedAt = now,
            ErpRecordId = fromErp.RecordId,
        };
        subJob.UseErpSubJobId(fromErp.ErpSubJobId);
        subJob.ReplaceCostCodes(costCodes);
        subJob.Record(AuditAction.Imported, by, now, $"Added from the ERP as {fromErp.ErpSubJobId} ({fromErp.RecordId})");
        return subJob;
    }

    // False when every value equals the current one: nothing changes, no audit entry, no new version.
    public bool Edit(string code, string description, IReadOnlyCollection<CostCode> costCodes, Actor by, DateTime now)
    {
        var codeOrDescriptionChanged = code != Code || description != Description;
        if (State == SubJobState.Synced)
        {
            Require(!codeOrDescriptionChanged, "The code and description of a synced sub job can no longer be edited; they are in the ERP.");
        }
        else
        {
            Require(IsEditable, $"This sub job is {State.ToDisplay()} and locked while accounting reviews it. Retrieve it from ERP first to edit it.");
        }

        var changes = new List<string>();
        if (code != Code)
        {
            changes.Add($"code {Code} → {code}");
        }

        if (description != Description)
        {
            changes.Add($"description \"{Description}\" → \"{description}\"");
        }

        var before = string.Join(", ", _costCodes.Select(c => c.Code).Order());
        var after = string.Join(", ", costCodes.Select(c => c.Code).Order());
        if (before != after)
        {
            changes.Add($"cost codes [{before}] → [{after}]");
        }

        if (changes.Count == 0)
        {
            return false;
        }

        Code = code;
        Description = description;
        ReplaceCostCodes(costCodes);
        Record(AuditAction.Edited, by, now, string.Join("; ", changes));
        return true;
    }

    public void SendToErp(ErpCapabilities erp, Actor by, DateTime now)
    {
        Require(State == SubJobState.NotSent, $"Only a sub job that has not been sent can be sent to ERP; this one is {State.ToDisplay()}.");
        RequireSendable(erp);
        MarkSent(by, now);
        Record(AuditAction.Sent, by, now, null);
    }

    public void ResendToErp(ErpCapabilities erp, Actor by, DateTime now)
    {
        Require(State is SubJobState.Rejected or SubJobState.Retrieved, $"Only a rejected or retrieved sub job can be resent to ERP; this one is {State.ToDisplay()}.");
        RequireSendable(erp);
        MarkSent(by, now);
        Record(AuditAction.Resent, by, now, null);
    }

    public void RetrieveFromErp(Actor by, DateTime now)
    {
        Require(State == SubJobState.ReadyToExport, State switch
        {
            SubJobState.Exporting or SubJobState.Synced or SubJobState.FailedToExport =>
                "An accounting approver has already acted on this sub job, so it can no longer be retrieved.",
            _ => $"Only a sub job that is Ready to Export can be retrieved; this one is {State.ToDisplay()}.",
        });
        ChangeState(SubJobState.Retrieved, now);
        Record(AuditAction.Retrieved, by, now, null);
    }

    // Accepts the sub job for export under erpJobId (already checked against the
    // connector's rules and the job's other sub jobs). The returned ERP request is the export's work item;
    // it must be saved together with this change. seenVersion: the Version the approver reviewed (null: whatever it is now).
    public ErpRequest Accept(string erpJobId, Actor by, DateTime now, int? seenVersion = null)
    {
        RequireAcceptable(by, seenVersion);
        Require(!string.IsNullOrWhiteSpace(erpJobId), "Enter the ERP Job ID to export the sub job under.");
        UseErpSubJobId(erpJobId);
        return StartExport(AuditAction.Accepted, by, now, $"ERP Job ID {erpJobId}");
    }

    // The rules of Accept that do not depend on the ERP Job ID, so that a sub job which cannot be
    // accepted at all is refused for that before anyone judges the ID typed for it.
    public void RequireAcceptable(Actor by, int? seenVersion = null)
    {
        RequireApprover(by);
        Require(State == SubJobState.ReadyToExport, $"Only a sub job that is Ready to Export can be accepted; this one is {State.ToDisplay()}.");
        RequireSeen(seenVersion);
        Require(Project.IsLinked, $"Project {Project.Number} is not linked to an ERP job.");
    }

    public ErpRequest Retry(Actor by, DateTime now, int? seenVersion = null)
    {
        RequireApprover(by);
        Require(State == SubJobState.FailedToExport, $"Only a sub job that Failed to Export can be retried; this one is {State.ToDisplay()}.");
        RequireSeen(seenVersion);
        Require(Project.IsLinked, $"Project {Project.Number} is no longer linked to an ERP job, so the sub job cannot be exported. Link the project to its ERP job again, or reject the sub job.");
        return StartExport(AuditAction.Retried, by, now, $"ERP Job ID {ErpSubJobId}");
    }

    public void MarkExported(string erpRecordId, DateTime now)
    {
        Require(State == SubJobState.Exporting, $"Only an exporting sub job can be marked exported; this one is {State.ToDisplay()}.");
        ErpRecordId = erpRecordId;
        ExportError = null;
        ChangeState(SubJobState.Synced, now);
        Record(AuditAction.Exported, null, now, $"Successfully Exported as {ErpSubJobId} ({erpRecordId})");
    }

    public void MarkExportFailed(string messages, DateTime now)
    {
        Require(State == SubJobState.Exporting, $"Only an exporting sub job can fail to export; this one is {State.ToDisplay()}.");
        ExportError = messages;
        ChangeState(SubJobState.FailedToExport, now);
        Record(AuditAction.ExportFailed, null, now, messages);
    }

    public void Reject(string reason, Actor by, DateTime now, int? seenVersion = null)
    {
        RequireApprover(by);
        Require(State is SubJobState.ReadyToExport or SubJobState.FailedToExport, $"Only a sub job that is Ready to Export or Failed to Export can be rejected; this one is {State.ToDisplay()}.");
        RequireSeen(seenVersion);
        var trimmed = reason?.Trim() ?? "";
        Require(trimmed.Length > 0, "Enter a short explanation of why the sub job is rejected.");
        Require(trimmed.Length <= MaxRejectionReasonLength, $"Keep the explanation to at most {MaxRejectionReasonLength} characters.");
        RejectionReason = trimmed;
        RejectedByName = by.Name;
        UseErpSubJobId(null);
        ChangeState(SubJobState.Rejected, now);
        Record(AuditAction.Rejected, by, now, trimmed);
    }

    private ErpRequest StartExport(AuditAction action, Actor by, DateTime now, string details)
    {
        AcceptedById = by.UserId;
        ExportError = null;
        ChangeState(SubJobState.Exporting, now);
        Record(action, by, now, details);
        var export = new ErpSubJobExport(
            Id.ToString(),
            Project.ErpJobId!,
            ErpSubJobId!,
            Description,
            [.. _costCodes.Select(c => new ErpCostCode(c.Code, c.Description))]);
        return new ErpRequest(Guid.CreateVersion7(now), this, export, by, now);
    }

    private void RequireSendable(ErpCapabilities erp)
    {
        Require(erp.SupportsSubJobs, $"Not all integrations support sub jobs: {erp.DisplayName} does not.");
        Require(Project.IsLinked, $"Project {Project.Number} is not linked to an ERP job yet, so its sub jobs cannot be sent to ERP.");
        Require(_costCodes.Count > 0, "Add at least one cost code before sending the sub job to ERP.");
        Require(ErpCodes.IsValid(Code, ErpCodes.SubJobCodeSeparators), "The code must be letters A–Z and digits only (no spaces or punctuation) before the sub job can be sent to ERP.");
        Require(!string.IsNullOrWhiteSpace(Description), "Enter a description before sending the sub job to ERP.");
        Require(Code.Length <= erp.MaxCodeLength, $"The code can be at most {erp.MaxCodeLength} characters for {erp.DisplayName}.");
        Require(Description.Length <= erp.MaxDescriptionLength, $"The description can be at most {erp.MaxDescriptionLength} characters for {erp.DisplayName}.");
    }

    private void UseErpSubJobId(string? erpJobId)
    {
        ErpSubJobId = erpJobId;
        NormalizedErpSubJobId = erpJobId is null ? null : NormalizeErpSubJobId(erpJobId);
    }

    private void MarkSent(Actor by, DateTime now)
    {
        LastSentById = by.UserId;
        LastSentByName = by.Name;
        LastSentAt = now;
        RejectionReason = null;
        RejectedByName = null;
        ExportError = null;
        ChangeState(SubJobState.ReadyToExport, now);
    }

    // An approver decides on the version they reviewed: a sub job retrieved, edited and resent since is back in the
    // same state with other content, which nobody has reviewed yet. The state's own refusal comes first, being more
    // precise.
    private void RequireSeen(int? seenVersion) =>
        Require(seenVersion is null || seenVersion == Version, ChangedSinceSeen);

    private static void RequireApprover(Actor by) =>
        Require(Access.CanApprove(by), "Only an accounting approver ('Standard' or 'Admin' on ERP Integrations with 'Can Push to Accounting') can do this.");

    private void ChangeState(SubJobState state, DateTime now)
    {
        State = state;
        UpdatedAt = now;
        Version++;
    }

    private void ReplaceCostCodes(IReadOnlyCollection<CostCode> costCodes)
    {
        _costCodes.RemoveAll(existing => costCodes.All(c => c.Id != existing.CostCodeId));
        foreach (var costCode in costCodes.Where(c => _costCodes.All(existing => existing.CostCodeId != c.Id)))
        {
            _costCodes.Add(new SubJobCostCode(Id, costCode));
        }

        CostCodeList = [.. _costCodes.Select(c => c.Code).Order(StringComparer.Ordinal)];
    }

    private void Record(AuditAction action, Actor? by, DateTime now, string? details)
    {
        UpdatedAt = now;
        if (action is AuditAction.Created or AuditAction.Edited or AuditAction.Imported)
        {
            Version++;
        }

        _history.Add(new AuditEntry(CompanyId, Id, action, by, now, details));
    }

    private static void Require(bool rule, string whenBroken)
    {
        if (!rule)
        {
            throw new DomainRuleException(whenBroken);
        }
    }
}

public sealed class SubJobCostCode
{
    private SubJobCostCode()
    {
    }

    internal SubJobCostCode(Guid subJobId, CostCode costCode)
    {
        SubJobId = subJobId;
        CostCodeId = costCode.Id;
        Code = costCode.Code;
        Description = costCode.Description;
    }

    public Guid SubJobId { get; private set; }

    public Guid CostCodeId { get; private set; }

    // The code as it was when chosen, so a later edit of the standard list does not rewrite history.
    public string Code { get; private set; } = "";

    public string Description { get; private set; } = "";
}
