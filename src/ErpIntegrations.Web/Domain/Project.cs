namespace ErpIntegrations.Web.Domain;

public sealed class Project
{
    public const int MaxNumberLength = 50;
    public const int MaxNameLength = 200;
    public const int MaxErpJobIdLength = 100;

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

    public string? ErpJobId { get; private set; }

    public bool IsLinked => !string.IsNullOrEmpty(ErpJobId);

    public void Edit(string number, string name)
    {
        Number = number;
        Name = name;
    }

    // Links the project to a job the ERP lists. Moving an existing link is refused while sub jobs live under
    // the old job in the ERP (synced), are on their way there (exporting) or may be retried there (failed to
    // export): their ERP Job ID was checked against the old job, and they would be orphaned or sent without one.
    // subJobsInErp: sub jobs of this project that are synced, exporting or failed to export.
    public void LinkToErpJob(string erpJobId, int subJobsInErp)
    {
        if (erpJobId == ErpJobId)
        {
            throw new DomainRuleException($"Project {Number} is already linked to ERP job {erpJobId}.");
        }

        if (IsLinked)
        {
            RequireNoSubJobsInErp(subJobsInErp, "linked to another ERP job");
        }

        ErpJobId = erpJobId;
    }

    // subJobsInErp: sub jobs of this project that are synced, exporting or failed to export.
    public void UnlinkFromErpJob(int subJobsInErp)
    {
        if (!IsLinked)
        {
            throw new DomainRuleException($"Project {Number} is not linked to an ERP job.");
        }

        RequireNoSubJobsInErp(subJobsInErp, "unlinked");
        ErpJobId = null;
    }

    private void RequireNoSubJobsInErp(int subJobsInErp, string change)
    {
        if (subJobsInErp > 0)
        {
            throw new DomainRuleException(
                $"Project {Number} cannot be {change}: {subJobsInErp} of its sub jobs {(subJobsInErp == 1 ? "is" : "are")} synced to, exporting to or Failed to Export to ERP job {ErpJobId}. Reject the sub jobs that Failed to Export first; synced ones stay with that job.");
        }
    }
}

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
