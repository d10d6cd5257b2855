using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Where a sub job's export stands; the list polls it while a row is exporting.
public static class Status
{
    // State is the API's name of the state (SubJobStateText.ApiName); Progress is what the list shows beside an
    // exporting sub job ("Export in progress", or what it waits for while its ERP is unreachable), null for the other
    // states; ErpUnreachableSince and NextAttemptAt only while it waits.
    public sealed record Result(
        Guid Id,
        string Code,
        string State,
        string StateText,
        string Icon,
        string? Progress,
        string? ErpJobId,
        string? Error,
        DateTime? ErpUnreachableSince = null,
        DateTime? NextAttemptAt = null);

    internal sealed class Handler(AppDbContext db, CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(Guid subJobId, CancellationToken cancellationToken)
        {
            var subJob = await db.SubJobs.AsNoTracking()
                .Where(s => s.Id == subJobId)
                .Select(s => new { s.Id, s.Code, s.State, s.ErpSubJobId, s.ExportError })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("The sub job");
            var wait = subJob.State == SubJobState.Exporting ? await WaitAsync(subJob.Id, cancellationToken) : null;
            return new Result(
                subJob.Id,
                subJob.Code,
                subJob.State.ApiName(),
                subJob.State == SubJobState.Synced ? SubJobStateText.SuccessfullyExported : subJob.State.ToDisplay(),
                subJob.State.Icon(),
                subJob.State == SubJobState.Exporting ? wait?.Text ?? SubJobStateText.ExportInProgress : null,
                subJob.ErpSubJobId,
                subJob.State == SubJobState.FailedToExport ? subJob.ExportError : null,
                wait?.ErpUnreachableSince,
                wait?.NextAttemptAt);
        }

        private async Task<ExportWait?> WaitAsync(Guid subJobId, CancellationToken cancellationToken)
        {
            var waiting = await db.ErpRequests.AsNoTracking()
                .Where(r => r.SubJobId == subJobId && r.Status == ErpRequestStatus.InProgress && r.ErpUnreachableSince != null)
                .Select(r => new { Since = r.ErpUnreachableSince!.Value, r.NextAttemptAt })
                .FirstOrDefaultAsync(cancellationToken);
            return waiting is null ? null : new ExportWait((await currentErp.CapabilitiesAsync(cancellationToken)).DisplayName, waiting.Since, waiting.NextAttemptAt);
        }
    }

    public static void MapStatusEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/erp-integrations/sub-jobs/{id:guid}/status", (Guid id, Handler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(id, cancellationToken))
            .RequireAuthorization(Permissions.ViewErpTool);
}
