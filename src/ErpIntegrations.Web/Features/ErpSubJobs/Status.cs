using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Where a sub job's export stands; the list polls it while a row is exporting.
public static class Status
{
    // State is the API's name of the state (SubJobStateText.ApiName); Progress is what the list shows beside an
    // exporting sub job, null for the other states.
    public sealed record Result(Guid Id, string Code, string State, string StateText, string Icon, string? Progress, string? ErpJobId, string? Error);

    internal sealed class Handler(AppDbContext db)
    {
        public async Task<Result> HandleAsync(Guid subJobId, CancellationToken cancellationToken)
        {

            var subJob = await db.SubJobs.AsNoTracking()
                .Where(s => s.Id == subJobId)
                .Select(s => new { s.Id, s.Code, s.State, s.ErpSubJobId, s.ExportError })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("The sub job");
            return new Result(
                subJob.Id,
                subJob.Code,
                subJob.State.ApiName(),
                subJob.State == SubJobState.Synced ? SubJobStateText.SuccessfullyExported : subJob.State.ToDisplay(),
                subJob.State.Icon(),
                subJob.State == SubJobState.Exporting ? SubJobStateText.ExportInProgress : null,
                subJob.ErpSubJobId,
                subJob.State == SubJobState.FailedToExport ? subJob.ExportError : null);
        }
    }

    public static void MapStatusEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/erp-integrations/sub-jobs/{id:guid}/status", (Guid id, Handler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(id, cancellationToken))
            .RequireAuthorization(Permissions.ViewErpTool);
}
