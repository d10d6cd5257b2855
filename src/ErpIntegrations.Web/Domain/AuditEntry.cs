namespace ErpIntegrations.Web.Domain;

public enum AuditAction
{
    Created,
    Edited,
    Sent,
    Retrieved,
    Accepted,
    Exported,
    ExportFailed,
    Retried,
    Rejected,
    Resent,
    Imported,
}

// Appended, never rewritten.
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    internal AuditEntry(Guid companyId, Guid subJobId, AuditAction action, Actor? actor, DateTime at, string? details)
    {
        CompanyId = companyId;
        SubJobId = subJobId;
        Action = action;
        ActorId = actor?.UserId;
        ActorName = actor?.Name ?? "ERP Integrations";
        At = at;
        Details = details;
    }

    public long Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public Guid SubJobId { get; private set; }

    public AuditAction Action { get; private set; }

    // Null when the system acted (the exporter).
    public Guid? ActorId { get; private set; }

    public string ActorName { get; private set; } = "";

    public DateTime At { get; private set; }

    public string? Details { get; private set; }
}
