namespace ErpIntegrations.Web.Domain;

public sealed record Actor(
    Guid UserId,
    Guid CompanyId,
    string Name,
    PermissionLevel ErpIntegrationsLevel,
    bool CanPushToAccounting,
    bool IsDirectoryAdmin);
