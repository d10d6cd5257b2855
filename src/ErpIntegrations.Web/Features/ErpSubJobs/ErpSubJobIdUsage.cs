using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Which sub jobs of a project hold an ID in the ERP: what Accept and Retry check before an export may take one
// (and the sub job as they load it), and what Ready to Import and Add to Project leave out as already here.
internal static class ErpSubJobIdUsage
{
    // A sub job loaded for Accept or Retry, with what its export's payload carries: its project's job and its cost codes.
    public static async Task<SubJob> SubJobForExportAsync(AppDbContext db, Guid subJobId, CancellationToken cancellationToken) =>
        await db.SubJobs
            .Include(s => s.Project)
            .Include(s => s.CostCodes)
            .SingleOrDefaultAsync(s => s.Id == subJobId, cancellationToken)
            ?? throw new NotFoundException("The sub job");

    // Whether another sub job of the job is Exporting or Synced under this ERP Job ID, in any case. The states are
    // written in the order of the unique index's filter ("State" IN ('Exporting', 'Synced')): SQLite reads a partial
    // index only for a term that matches its filter as written, and otherwise walks every sub job of the project.
    public static Task<bool> TakenAsync(AppDbContext db, SubJob subJob, string erpJobId, CancellationToken cancellationToken)
    {
        var normalized = SubJob.NormalizeErpSubJobId(erpJobId);
        return db.SubJobs.AnyAsync(
            s => s.Id != subJob.Id
                && s.ProjectId == subJob.ProjectId
                && s.NormalizedErpSubJobId == normalized
                && (s.State == SubJobState.Exporting || s.State == SubJobState.Synced),
            cancellationToken);
    }

    // The ERP's sub jobs this project already has: exported from here (the record carries one of our sub
    // jobs' ids) or held here as Synced or Exporting under the same ERP Job ID, in any case. A sub job that merely
    // tried that ERP Job ID and failed, or a draft with the same code, does not make the ERP's record ours.
    public static async Task<HashSet<ErpSubJob>> KnownHereAsync(AppDbContext db, Guid projectId, IReadOnlyList<ErpSubJob> inErp, CancellationToken cancellationToken)
    {
        var erpJobIds = inErp.Select(s => SubJob.NormalizeErpSubJobId(s.ErpSubJobId)).Distinct().ToList();
        var references = inErp.Select(s => Guid.TryParse(s.Reference, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        var here = await db.SubJobs.AsNoTracking()
            .Where(s => s.ProjectId == projectId
                && (references.Contains(s.Id)
                    || (erpJobIds.Contains(s.NormalizedErpSubJobId!) && (s.State == SubJobState.Synced || s.State == SubJobState.Exporting))))
            .Select(s => new { s.Id, s.NormalizedErpSubJobId, s.State })
            .ToListAsync(cancellationToken);
        var ours = here.Select(s => s.Id.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var held = here.Where(s => s.State is SubJobState.Synced or SubJobState.Exporting).Select(s => s.NormalizedErpSubJobId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. inErp.Where(s => (s.Reference is not null && ours.Contains(s.Reference)) || held.Contains(SubJob.NormalizeErpSubJobId(s.ErpSubJobId)))];
    }
}
