using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// A sub job as ERP Integrations lists it; Version is what an approver's decision on it carries; ProposedErpSubJobId only
// where an approver can accept it; Waiting only while its export waits for an unreachable ERP.
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
    int Version,
    string? ProposedErpSubJobId,
    ExportWait? Waiting = null)
{
    // Beside an exporting sub job: what its export waits for, or that it is in progress.
    public string? Progress => State == SubJobState.Exporting ? Waiting?.Text ?? SubJobStateText.ExportInProgress : null;
}

// An export waiting for its company's ERP, which has been unreachable since ErpUnreachableSince.
public sealed record ExportWait(string Erp, DateTime ErpUnreachableSince, DateTime NextAttemptAt)
{
    public string Text => SubJobStateText.WaitingForErp(Erp, ErpUnreachableSince, NextAttemptAt);
}

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
            s.CostCodeList,
            s.LastSentByName,
            s.LastSentAt,
            s.State,
            s.ErpSubJobId,
            s.ExportError,
            s.Version,
            null));

    // What the exporting rows' exports wait for, where their ERP is unreachable.
    public static async Task<List<SubJobRow>> WithWaitsAsync(AppDbContext db, CurrentErp currentErp, List<SubJobRow> rows, CancellationToken cancellationToken)
    {
        var exporting = rows.Where(r => r.State == SubJobState.Exporting).Select(r => r.Id).ToList();
        if (exporting.Count == 0)
        {
            return rows;
        }

        var waits = await db.ErpRequests.AsNoTracking()
            .Where(r => exporting.Contains(r.SubJobId) && r.Status == ErpRequestStatus.InProgress && r.ErpUnreachableSince != null)
            .Select(r => new { r.SubJobId, Since = r.ErpUnreachableSince!.Value, r.NextAttemptAt })
            .ToListAsync(cancellationToken);
        if (waits.Count == 0)
        {
            return rows;
        }

        var erp = (await currentErp.ShownConnectorAsync(cancellationToken)).Capabilities.DisplayName;
        var bySubJob = waits.GroupBy(w => w.SubJobId).ToDictionary(g => g.Key, g => g.First());
        return [.. rows.Select(r => bySubJob.TryGetValue(r.Id, out var wait) ? r with { Waiting = new ExportWait(erp, wait.Since, wait.NextAttemptAt) } : r)];
    }

    // The ERP Job ID an approver's Accept starts from, for the rows still waiting for one.
    public static async Task<List<SubJobRow>> WithProposalsAsync(CurrentErp currentErp, Actor actor, List<SubJobRow> rows, CancellationToken cancellationToken)
    {
        if (!Access.CanApprove(actor) || !rows.Any(r => r.State == SubJobState.ReadyToExport))
        {
            return rows;
        }

        var connector = await currentErp.ShownConnectorAsync(cancellationToken);
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
