using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Connector;

// An ERP request as the integrator sees it: what to write (the sub job with its cost codes, under the job's ERP id and the
// ERP Job ID the approver accepted), who accepted it and when, the attempt, and its state. LeaseId: the current lease
// (claimed), to answer complete or fail with.
public sealed record ErpRequestItem(
    Guid Id,
    string State,
    Guid? LeaseId,
    DateTime? LeaseExpiresAt,
    int Attempt,
    string JobErpId,
    string ErpSubJobId,
    ErpRequestSubJob SubJob,
    string AcceptedBy,
    DateTime AcceptedAt,
    string? ErpRecordId,
    IReadOnlyList<string> Messages,
    DateTime? NextAttemptAt);

public sealed record ErpRequestSubJob(Guid Id, string Code, string Description, IReadOnlyList<ErpRequestCostCode> CostCodes);

public sealed record ErpRequestCostCode(string Code, string Description);

internal static class ErpRequestItems
{
    public const string Pending = "pending";
    public const string Claimed = "claimed";
    public const string Synced = "synced";
    public const string Failed = "failed";

    public static string StateOf(ErpRequest request, DateTime now) => request.Status switch
    {
        ErpRequestStatus.Success => Synced,
        ErpRequestStatus.Failed => Failed,
        _ => request.LeaseExpiresAt is { } expires && expires >= now ? Claimed : Pending,
    };

    public static async Task<IReadOnlyList<ErpRequestItem>> ToItemsAsync(AppDbContext db, IReadOnlyList<ErpRequest> requests, DateTime now, CancellationToken cancellationToken)
    {
        var subJobIds = requests.Select(r => r.SubJobId).Distinct().ToList();
        var codes = await db.SubJobs.AsNoTracking().Where(s => subJobIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Code, cancellationToken);
        return [.. requests.Select(r => ToItem(r, codes.GetValueOrDefault(r.SubJobId) ?? "", now))];
    }

    public static ErpRequestItem ToItem(ErpRequest request, string code, DateTime now)
    {
        var export = request.ReadPayload();
        var state = StateOf(request, now);
        return new ErpRequestItem(
            request.Id,
            state,
            state == Claimed ? request.LeaseToken : null,
            state == Claimed ? request.LeaseExpiresAt : null,
            request.Attempts,
            export.JobId,
            export.ErpSubJobId,
            new ErpRequestSubJob(request.SubJobId, code, export.Description, [.. export.CostCodes.Select(c => new ErpRequestCostCode(c.Code, c.Description))]),
            request.RequestedByName,
            request.CreatedAt,
            request.ErpRecordId,
            request.Messages is null ? [] : request.Messages.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            request.Status == ErpRequestStatus.InProgress ? request.NextAttemptAt : null);
    }

    // After a refusal or a concurrency conflict on an answer: the request as saved, when it holds that same answer
    // (the same call, sent twice at once, got there first and this one answers as it did); null otherwise.
    public static async Task<ErpRequest?> AnsweredMeanwhileAsync(AppDbContext db, Guid id, Func<ErpRequest, bool> sameAnswer, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var saved = await FindAsync(db, id, cancellationToken);
        return sameAnswer(saved) ? saved : null;
    }

    // The company's request for the integrator; another company's, or one the exporter works, is not found.
    public static async Task<ErpRequest> FindAsync(AppDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.ErpRequests.SingleOrDefaultAsync(r => r.Id == id && r.ViaIntegrator, cancellationToken)
            ?? throw new NotFoundException("The ERP request");
}
