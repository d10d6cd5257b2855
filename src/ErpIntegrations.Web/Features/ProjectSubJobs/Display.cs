using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

internal static class Display
{
    public static string ToDisplay(this AuditAction action) => action switch
    {
        AuditAction.Created => "Created",
        AuditAction.Edited => "Edited",
        AuditAction.Sent => "Sent to ERP",
        AuditAction.Retrieved => "Retrieved from ERP",
        AuditAction.Accepted => "Accepted for export",
        AuditAction.Exported => SubJobStateText.SuccessfullyExported,
        AuditAction.ExportFailed => "Failed to Export",
        AuditAction.Retried => "Export retried",
        AuditAction.Rejected => "Rejected",
        AuditAction.Resent => "Resent to ERP",
        AuditAction.Imported => "Added from the ERP",
        _ => action.ToString(),
    };
}
