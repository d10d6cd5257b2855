namespace ErpIntegrations.Web.Domain;

// One of the company's standard cost codes. A sub job keeps its own copy of the code and description it
// chose, so editing or deactivating a cost code never rewrites a sub job that uses it; for the same reason
// the code of a cost code in use cannot change (the sub jobs would export a code the company no longer has).
public sealed class CostCode
{
    public const int MaxCodeLength = 30;
    public const int MaxDescriptionLength = 200;

    private CostCode()
    {
    }

    public CostCode(Guid id, Guid companyId, string code, string description)
    {
        Id = id;
        CompanyId = companyId;
        Code = code;
        Description = description;
        IsActive = true;
    }

    public Guid Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public string Code { get; private set; } = "";

    public string Description { get; private set; } = "";

    // Offered for new choices only while active.
    public bool IsActive { get; private set; }

    // usedBySubJobs: the sub jobs that chose this cost code keep its code, so it can no longer change.
    public void Edit(string code, string description, int usedBySubJobs)
    {
        if (code != Code && usedBySubJobs > 0)
        {
            throw new DomainRuleException(
                $"Cost code {Code} is used by {usedBySubJobs} sub job{(usedBySubJobs == 1 ? "" : "s")}, which would keep sending the old code to the ERP, so its code cannot change. "
                + "Deactivate it and add a new cost code instead; its description can still change.");
        }

        Code = code;
        Description = description;
    }

    public void Deactivate()
    {
        if (!IsActive)
        {
            throw new DomainRuleException($"Cost code {Code} is already deactivated.");
        }

        IsActive = false;
    }

    public void Reactivate()
    {
        if (IsActive)
        {
            throw new DomainRuleException($"Cost code {Code} is already active.");
        }

        IsActive = true;
    }
}
