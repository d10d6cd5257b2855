namespace ErpIntegrations.Web.Domain;

/// <summary>Who is acting, with the company-level permissions that decide what they may do.</summary>
public sealed record Actor(
    Guid UserId,
    Guid CompanyId,
    string Name,
    PermissionLevel ErpIntegrationsLevel,
    bool CanPushToAccounting,
    bool IsDirectoryAdmin);
