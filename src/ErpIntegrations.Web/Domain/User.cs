using Microsoft.AspNetCore.Identity;

namespace ErpIntegrations.Web.Domain;

/// <summary>A person in a company's Company Directory; also the sign-in account.</summary>
public sealed class User : IdentityUser<Guid>
{
    public Guid CompanyId { get; set; }

    public string DisplayName { get; set; } = "";

    public PermissionLevel ErpIntegrationsLevel { get; set; }

    public bool CanPushToAccounting { get; private set; }

    public bool IsDirectoryAdmin { get; set; }

    public bool SubscribeToDigest { get; set; }

    public Actor ToActor() => new(Id, CompanyId, DisplayName, ErpIntegrationsLevel, CanPushToAccounting, IsDirectoryAdmin);

    public void SetAccountingApprover(bool canPushToAccounting, Actor grantedBy)
    {
        if (!Access.CanGrantApproverPrivileges(grantedBy) || grantedBy.CompanyId != CompanyId)
        {
            throw new DomainRuleException("Only a Directory Admin who can push to accounting may grant accounting approver privileges.");
        }

        CanPushToAccounting = canPushToAccounting;
    }

    internal void SeedAccountingApprover() => CanPushToAccounting = true;
}
