namespace ErpIntegrations.Web.Domain;

// Who may do what (PRODUCT.md §2): the rules behind the named policies of Features.Permissions, which every
// page and endpoint declares; pages also ask here which actions to offer. Nothing else decides.
public static class Access
{
    public static bool CanViewErpIntegrations(Actor actor) =>
        actor.ErpIntegrationsLevel >= PermissionLevel.ReadOnly;

    // Accept, Reject, Retry and Add to Project: an accounting approver.
    public static bool CanApprove(Actor actor) =>
        CanApprove(actor.ErpIntegrationsLevel, actor.CanPushToAccounting);

    // Whether a user with this level and privilege is an accounting approver (the Company Directory lists others).
    public static bool CanApprove(PermissionLevel erpIntegrationsLevel, bool canPushToAccounting) =>
        erpIntegrationsLevel >= PermissionLevel.Standard && canPushToAccounting;

    // Create, edit, Send to ERP, Retrieve from ERP and Resend to ERP on a project's sub jobs.
    public static bool CanManageSubJobs(PermissionLevel projectAdminToolLevel) =>
        projectAdminToolLevel == PermissionLevel.Admin;

    public static bool CanViewProject(PermissionLevel projectAdminToolLevel) =>
        projectAdminToolLevel >= PermissionLevel.ReadOnly;

    public static bool CanGrantApproverPrivileges(Actor actor) =>
        actor.IsDirectoryAdmin && actor.CanPushToAccounting;

    public static bool CanViewDirectory(Actor actor) =>
        actor.IsDirectoryAdmin || actor.ErpIntegrationsLevel >= PermissionLevel.ReadOnly;

    // Add, deactivate and reactivate users; set their ERP Integrations level, Directory Admin flag and project levels.
    public static bool CanManageDirectory(Actor actor) =>
        actor.IsDirectoryAdmin;

    // Add and edit projects, and link them to ERP jobs.
    public static bool CanManageProjects(Actor actor) =>
        actor.IsDirectoryAdmin || actor.ErpIntegrationsLevel == PermissionLevel.Admin;

    public static bool CanManageCostCodes(Actor actor) =>
        actor.ErpIntegrationsLevel == PermissionLevel.Admin;

    public static bool CanSeeCompanyEmails(Actor actor) =>
        actor.IsDirectoryAdmin || CanConfigureErpConnection(actor);

    public static bool CanConfigureErpConnection(Actor actor) =>
        actor.ErpIntegrationsLevel == PermissionLevel.Admin;
}
