using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

public sealed record BulkItemResult(Guid SubJobId, string Code, bool Succeeded, string Message);

// Runs one use case per selected sub job, each saved on its own: one item's refusal or lost race neither
// stops nor leaks into the next, because the change tracker is cleared after every item.
internal static class BulkItems
{
    public const int MaxItems = 200;

    // Also the refusal of a bulk form that sent more ids than a form is read with (ReadableForms).
    public static InputException TooMany() => new("SelectedIds", $"Select at most {MaxItems} sub jobs at a time.");

    public static async Task<IReadOnlyList<BulkItemResult>> RunAsync(
        AppDbContext db,
        IReadOnlyCollection<Guid> subJobIds,
        Func<Guid, Task<string>> runOne,
        CancellationToken cancellationToken)
    {
        var ids = subJobIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new InputException("SelectedIds", "Select at least one sub job.");
        }

        if (ids.Count > MaxItems)
        {
            throw TooMany();
        }

        var codes = await db.SubJobs.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Code, cancellationToken);
        var results = new List<BulkItemResult>();
        foreach (var id in ids)
        {
            var code = codes.GetValueOrDefault(id, "Unknown sub job");
            try
            {
                results.Add(new(id, code, true, await runOne(id)));
            }
            catch (Exception ex) when (Problems.MessageFor(ex) is { } message)
            {
                results.Add(new(id, code, false, message));
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return results;
    }
}
