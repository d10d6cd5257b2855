using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// A sub job as ERP Integrations lists it; ProposedErpSubJobId only where an approver can accept it.
public sealed record SubJobRow(
    Guid Id,
    Guid ProjectId,
    string ProjectNumber,
    string ProjectName,
    string? ProjectErpJobId,
    string Code,
    string Description,
    IReadOnlyList<string> CostCodes,
    string? SentBy,
    DateTime? SentAt,
    SubJobState State,
    string? ErpSubJobId,
    string? ExportError,
    string? ProposedErpSubJobId);

// The read model behind the Sub Jobs list and a single sub job of ERP Integrations.
internal static class SubJobRows
{
    public static IQueryable<SubJobRow> Select(IQueryable<SubJob> subJobs) =>
        subJobs.Select(s => new SubJobRow(
            s.Id,
            s.ProjectId,
            s.Project.Number,
            s.Project.Name,
            s.Project.ErpJobId,
            s.Code,
            s.Description,
            s.CostCodes.OrderBy(c => c.Code).Select(c => c.Code).ToList(),
            s.LastSentByName,
            s.LastSentAt,
            s.State,
            s.ErpSubJobId,
            s.ExportError,
            null));

    // The ERP Job ID an approver's Accept starts from, for the rows still waiting for one.
    public static async Task<List<SubJobRow>> WithProposalsAsync(CurrentErp currentErp, Actor actor, List<SubJobRow> rows, CancellationToken cancellationToken)
    {
        if (!Access.CanApprove(actor) || !rows.Any(r => r.State == SubJobState.ReadyToExport))
        {
            return rows;
        }

        var connector = await currentErp.ConnectorAsync(cancellationToken);
        var proposed = new List<SubJobRow>(rows.Count);
        foreach (var r in rows)
        {
            proposed.Add(r.State == SubJobState.ReadyToExport && r.ProjectErpJobId is { } job
                ? r with { ProposedErpSubJobId = await connector.ProposeErpSubJobIdAsync(new(r.Code, r.Description, job), cancellationToken) }
                : r);
        }

        return proposed;
    }
}
