namespace ErpIntegrations.Web.Domain;

// A personal access token for the JSON API. Only the SHA-256 hash of the secret is kept, with a short
// prefix so its owner can tell tokens apart; the secret itself is shown once, when it is issued.
public sealed class ApiToken
{
    public const int MaxNameLength = 100;
    public const int PrefixLength = 12;

    private ApiToken()
    {
    }

    public ApiToken(Guid id, Guid companyId, Guid userId, string name, string prefix, string hash, DateTime createdAt, DateTime? expiresAt)
    {
        Id = id;
        CompanyId = companyId;
        UserId = userId;
        Name = name;
        Prefix = prefix;
        Hash = hash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    public string Prefix { get; private set; } = "";

    // Lower-case hex SHA-256 of the whole token.
    public string Hash { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? ExpiresAt { get; private set; }

    public DateTime? LastUsedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public bool IsActiveAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTime now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainRuleException($"Token {Name} is already revoked.");
        }

        RevokedAt = now;
    }
}
