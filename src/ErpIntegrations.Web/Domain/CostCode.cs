namespace ErpIntegrations.Web.Domain;

/// <summary>One of the company's standard cost codes.</summary>
public sealed class CostCode
{
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

    public bool IsActive { get; private set; }
}
