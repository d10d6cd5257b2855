using Microsoft.AspNetCore.Identity;

namespace ErpIntegrations.Web.Domain;

// A person in a company's Company Directory; also the sign-in account.
public sealed class User : IdentityUser<Guid>
{
    public const int MaxDisplayNameLength = 200;

    public Guid CompanyId { get; set; }

    public string DisplayName { get; set; } = "";

    public PermissionLevel ErpIntegrationsLevel { get; set; }

    public bool CanPushToAccounting { get; private set; }

    public bool IsDirectoryAdmin { get; set; }

    public bool SubscribeToDigest { get; set; }

    // The person's IANA time zone (America/Chicago): pages and emails show times in it. Empty until the browser
    // reports it at sign-in or the person chooses one on their profile; UTC meanwhile.
    public string? TimeZone { get; private set; }

    // A deactivated user keeps their history but can no longer sign in, and every request they still make
    // (an old cookie, a token) is refused. The one check every way in asks.
    public bool IsActive { get; private set; } = true;

    // The password is one a Directory Admin set and handed over: the person must choose their own before anything
    // else, and API tokens are refused until they have.
    public bool MustChangePassword { get; private set; }

    public static User NewMember(Guid id, Guid companyId, string email, string displayName) => new()
    {
        Id = id,
        CompanyId = companyId,
        UserName = email,
        Email = email,
        DisplayName = displayName,
    };

    // The person who sets a company up holds every company-level privilege, so they can hand them on.
    public static User FirstDirectoryAdmin(Guid id, Guid companyId, string email, string displayName)
    {
        var user = NewMember(id, companyId, email, displayName);
        user.EmailConfirmed = true;
        user.ErpIntegrationsLevel = PermissionLevel.Admin;
        user.IsDirectoryAdmin = true;
        user.CanPushToAccounting = true;
        user.SubscribeToDigest = true;
        return user;
    }

    public void ChangeTimeZone(string timeZoneId)
    {
        if (!TimeZones.TryFind(timeZoneId, out var zone))
        {
            throw new DomainRuleException($"\"{timeZoneId}\" is not a time zone this server knows. Choose one from the list, such as America/Chicago or Europe/Berlin.");
        }

        TimeZone = zone.Id;
    }

    // The browser's own zone fills an empty profile only; a zone the person chose stays.
    public bool TakeBrowserTimeZone(string? timeZoneId)
    {
        if (TimeZone is not null || timeZoneId is null || !TimeZones.TryFind(timeZoneId, out var zone))
        {
            return false;
        }

        TimeZone = zone.Id;
        return true;
    }

    public void InitialPasswordSetByDirectoryAdmin() => MustChangePassword = true;

    public void OwnPasswordChosen() => MustChangePassword = false;

    public Actor ToActor() => new(Id, CompanyId, DisplayName, ErpIntegrationsLevel, CanPushToAccounting, IsDirectoryAdmin);

    public bool CanGrantApproverPrivileges => IsActive && IsDirectoryAdmin && CanPushToAccounting;

    // otherGranters: active Directory Admins with the privilege besides this user.
    public void SetAccountingApprover(bool canPushToAccounting, int otherGranters, Actor grantedBy)
    {
        if (!Access.CanGrantApproverPrivileges(grantedBy) || grantedBy.CompanyId != CompanyId)
        {
            throw new DomainRuleException("Only a Directory Admin who can push to accounting may grant accounting approver privileges.");
        }

        if (!canPushToAccounting)
        {
            RequireAnotherGranter(otherGranters, "lose the privilege");
        }

        CanPushToAccounting = canPushToAccounting;
    }

    // otherActiveDirectoryAdmins and otherGranters count the company's active Directory Admins (with 'Can Push to
    // Accounting', for the granters) besides this user.
    public void ChangeAccess(PermissionLevel level, bool directoryAdmin, int otherActiveDirectoryAdmins, int otherGranters, Actor by)
    {
        RequireDirectoryAdmin(by);
        if (IsDirectoryAdmin && !directoryAdmin)
        {
            RequireAnotherDirectoryAdmin(otherActiveDirectoryAdmins, "stop being a Directory Admin");
            RequireAnotherGranter(otherGranters, "stop being a Directory Admin");
        }

        ErpIntegrationsLevel = level;
        IsDirectoryAdmin = directoryAdmin;
    }

    // otherActiveDirectoryAdmins and otherGranters count the company's active Directory Admins (with 'Can Push to
    // Accounting', for the granters) besides this user.
    public void Deactivate(int otherActiveDirectoryAdmins, int otherGranters, Actor by)
    {
        RequireDirectoryAdmin(by);
        if (!IsActive)
        {
            throw new DomainRuleException($"{DisplayName} is already deactivated.");
        }

        if (by.UserId == Id)
        {
            throw new DomainRuleException("You cannot deactivate your own account. Ask another Directory Admin to do it.");
        }

        if (IsDirectoryAdmin)
        {
            RequireAnotherDirectoryAdmin(otherActiveDirectoryAdmins, "be deactivated");
            RequireAnotherGranter(otherGranters, "be deactivated");
        }

        IsActive = false;

        // A new stamp invalidates the person's existing sign-in cookies as well as any password-reset link.
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public void Reactivate(Actor by)
    {
        RequireDirectoryAdmin(by);
        if (IsActive)
        {
            throw new DomainRuleException($"{DisplayName} is already active.");
        }

        IsActive = true;
    }

    internal void SeedAccountingApprover() => CanPushToAccounting = true;

    private void RequireDirectoryAdmin(Actor by)
    {
        if (!Access.CanManageDirectory(by) || by.CompanyId != CompanyId)
        {
            throw new DomainRuleException("Only a Directory Admin of the company can change its users.");
        }
    }

    // Someone must always be able to grant 'Can Push to Accounting', or nothing could ever be accepted again.
    private void RequireAnotherGranter(int otherGranters, string change)
    {
        if (CanGrantApproverPrivileges && otherGranters == 0)
        {
            throw new DomainRuleException(
                $"{DisplayName} is the company's last Directory Admin who can grant accounting approver privileges and cannot {change}. Grant 'Can Push to Accounting' to another Directory Admin first.");
        }
    }

    private void RequireAnotherDirectoryAdmin(int otherActiveDirectoryAdmins, string change)
    {
        if (otherActiveDirectoryAdmins == 0)
        {
            throw new DomainRuleException(
                $"{DisplayName} is the company's last Directory Admin and cannot {change}. Make another user a Directory Admin first.");
        }
    }
}
