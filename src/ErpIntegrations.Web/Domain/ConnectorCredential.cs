namespace ErpIntegrations.Web.Domain;

// A token of the company's integrator for the connector API (/api/v1/connector/…) and nothing else: not a person's.
// Only the SHA-256 hash of the secret is kept, with a short prefix to tell credentials apart; the secret is shown once.
public sealed class ConnectorCredential
{
    public const int MaxNameLength = 100;
    public const int PrefixLength = 13;

    private ConnectorCredential()
    {
    }

    public ConnectorCredential(Guid id, Guid companyId, string name, string prefix, string hash, Actor createdBy, DateTime createdAt)
    {
        Id = id;
        CompanyId = companyId;
        Name = name;
        Prefix = prefix;
        Hash = hash;
        CreatedByName = createdBy.Name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public string Name { get; private set; } = "";

    public string Prefix { get; private set; } = "";

    public string Hash { get; private set; } = "";

    public string CreatedByName { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? LastUsedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public void Revoke(DateTime now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainRuleException($"Connector credential {Name} is already revoked.");
        }

        RevokedAt = now;
    }
}

// A job the company's integrator reported its ERP holds (PUT /api/v1/connector/jobs), for linking projects.
public sealed class IntegratorJob
{
    public const int MaxNameLength = 200;

    private IntegratorJob()
    {
    }

    public IntegratorJob(Guid companyId, string erpJobId, string name)
    {
        CompanyId = companyId;
        ErpJobId = erpJobId;
        Name = name;
    }

    public Guid CompanyId { get; private set; }

    public string ErpJobId { get; private set; } = "";

    public string Name { get; private set; } = "";
}

// A sub job that exists only in the integrator's ERP (PUT /api/v1/connector/staged-sub-jobs): Ready to Import.
public sealed class IntegratorSubJob
{
    private IntegratorSubJob()
    {
    }

    public IntegratorSubJob(Guid companyId, string jobErpId, string erpSubJobId, string description, IReadOnlyList<string> costCodes)
    {
        CompanyId = companyId;
        JobErpId = jobErpId;
        ErpSubJobId = erpSubJobId;
        Description = description;
        CostCodes = string.Join('\n', costCodes);
    }

    public Guid CompanyId { get; private set; }

    public string JobErpId { get; private set; } = "";

    public string ErpSubJobId { get; private set; } = "";

    public string Description { get; private set; } = "";

    // One cost code a line.
    public string CostCodes { get; private set; } = "";

    public IReadOnlyList<string> CostCodeList => CostCodes.Length == 0 ? [] : CostCodes.Split('\n');
}
