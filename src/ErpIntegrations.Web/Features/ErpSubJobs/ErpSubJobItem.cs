using System.Text.Json.Serialization;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.Api;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Id and Version are null for a sub job that exists only in the ERP (ready_to_import); Version is what Accept, Reject
// and Retry carry to act on what the approver reviewed. History is only on a single sub job.
// Progress: beside an exporting sub job, "Export in progress", or while its ERP is unreachable what it waits for
// (ErpUnreachableSince and NextAttemptAt then say since when and until when).
[ApiSchemaId("ErpSubJobsListItem")]
internal sealed record ErpSubJobItem(
    Guid? Id,
    ErpSubJobItem.ProjectRef Project,
    string Code,
    string Description,
    IReadOnlyList<string> CostCodes,
    string State,
    string? SentBy,
    DateTime? SentAt,
    string? ErpJobId,
    string? ProposedErpJobId,
    IReadOnlyList<string> Errors,
    int? Version,
    string? Progress = null,
    DateTime? ErpUnreachableSince = null,
    DateTime? NextAttemptAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SubJobHistory.Entry>? History = null)
{
    [ApiSchemaId("ErpSubJobsListProjectRef")]
    internal sealed record ProjectRef(Guid Id, string Number, string Name, string? ErpJobId);

    public static ErpSubJobItem From(SubJobRow r) => new(
        r.Id,
        new ProjectRef(r.ProjectId, r.ProjectNumber, r.ProjectName, r.ProjectErpJobId),
        r.Code,
        r.Description,
        r.CostCodes,
        r.State.ApiName(),
        r.SentBy,
        r.SentAt,
        r.ErpSubJobId,
        r.ProposedErpSubJobId,
        r.State == SubJobState.FailedToExport && !string.IsNullOrEmpty(r.ExportError) ? [r.ExportError] : [],
        r.Version,
        r.Progress,
        r.Waiting?.ErpUnreachableSince,
        r.Waiting?.NextAttemptAt);

    public static ErpSubJobItem From(ReadyToImport.Row r) => new(
        null,
        new ProjectRef(r.ProjectId, r.ProjectNumber, r.ProjectName, r.JobId),
        r.ErpSubJobId,
        r.Description,
        r.CostCodes,
        "ready_to_import",
        null,
        null,
        r.ErpSubJobId,
        null,
        [],
        null);
}
