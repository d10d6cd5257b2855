namespace ErpIntegrations.Web.Domain;

public sealed class Project
{
    private Project()
    {
    }

    public Project(Guid id, Guid companyId, string number, string name, string? erpJobId)
    {
        Id = id;
        CompanyId = companyId;
        Number = number;
        Name = name;
        ErpJobId = erpJobId;
    }

    public Guid Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public string Number { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The ERP job this project is linked to; null while not linked.</summary>
    public string? ErpJobId { get; private set; }

    public bool IsLinked => !string.IsNullOrEmpty(ErpJobId);
}

/// <summary>A user's level on one project's Admin tool.</summary>
public sealed class ProjectPermission
{
    private ProjectPermission()
    {
    }

    public ProjectPermission(Guid projectId, Guid userId, PermissionLevel adminToolLevel)
    {
        ProjectId = projectId;
        UserId = userId;
        AdminToolLevel = adminToolLevel;
    }

    public Guid ProjectId { get; private set; }

    public Guid UserId { get; private set; }

    public PermissionLevel AdminToolLevel { get; set; }
}
