using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

public sealed record BulkItemResult(Guid SubJobId, string Code, bool Succeeded, string Message);

// One selected sub job, at the version the approver reviewed (null: no check).
public sealed record BulkItem(Guid Id, int? Version);

// Runs one use case per selected sub job, each saved on its own: one item's refusal or lost race neither
// stops nor leaks into the next, because the change tracker is cleared after every item.
internal static class BulkItems
{
    public const int MaxItems = 200;

    // Also the refusal of a bulk form that sent more ids than a form is read with (ReadableForms).
    public static InputException TooMany() => new("SelectedIds", $"Select at most {MaxItems} sub jobs at a time.");

    // The API's items (with versions) and ids (without), one item per sub job: a sub job named both ways keeps its version.
    public static IReadOnlyList<BulkItem> From(IEnumerable<BulkItem>? items, IEnumerable<Guid>? ids) =>
        [.. (items ?? []).Concat((ids ?? []).Select(id => new BulkItem(id, null)))];

    // The page's selected sub jobs, each with the version its row showed.
    public static IReadOnlyList<BulkItem> From(IEnumerable<Guid>? selectedIds, IReadOnlyDictionary<Guid, int>? versions) =>
        [.. (selectedIds ?? []).Select(id => new BulkItem(id, versions is not null && versions.TryGetValue(id, out var version) ? version : null))];

    public static async Task<IReadOnlyList<BulkItemResult>> RunAsync(
        AppDbContext db,
        IReadOnlyCollection<BulkItem> selected,
        Func<BulkItem, Task<string>> runOne,
        CancellationToken cancellationToken)
    {
        var items = selected.DistinctBy(i => i.Id).ToList();
        var ids = items.Select(i => i.Id).ToList();
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
        foreach (var item in items)
        {
            var code = codes.GetValueOrDefault(item.Id, "Unknown sub job");
            try
            {
                results.Add(new(item.Id, code, true, await runOne(item)));
            }
            catch (Exception ex) when (Problems.MessageFor(ex) is { } message)
            {
                results.Add(new(item.Id, code, false, message));
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return results;
    }
}
