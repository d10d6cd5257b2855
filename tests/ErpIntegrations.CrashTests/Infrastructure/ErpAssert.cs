namespace ErpIntegrations.CrashTests.Infrastructure;

public static class ErpAssert
{
    /// <summary>
    /// The Sandbox ERP holds each synced sub job exactly once (one record carrying its id, under its ERP Job ID), and
    /// nothing for the others: no duplicate from an export repeated after a crash, no record of a sub job never accepted.
    /// </summary>
    public static void ShouldHoldEachSyncedSubJobOnce(this IReadOnlyList<ErpRecord> records, IEnumerable<SubJobView> subJobs)
    {
        var byReference = records.ToLookup(r => Guid.TryParse(r.Reference, out var id) ? id : Guid.Empty);
        byReference[Guid.Empty].ShouldBeEmpty("every record under the crash tests' job carries the id of the sub job it was exported from");
        var problems = new List<string>();
        var expected = 0;
        foreach (var subJob in subJobs)
        {
            var copies = byReference[subJob.Id].ToList();
            if (subJob.State == "synced")
            {
                expected++;
                if (copies.Count != 1 || !string.Equals(copies[0].ErpSubJobId, subJob.ErpJobId, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{subJob.Code} (Synced as {subJob.ErpJobId}): {copies.Count} records in the ERP ({string.Join(", ", copies.Select(c => c.ErpSubJobId))})");
                }
            }
            else if (copies.Count != 0)
            {
                problems.Add($"{subJob.Code} ({subJob.State}): {copies.Count} records in the ERP");
            }
        }

        problems.ShouldBeEmpty();
        records.Count.ShouldBe(expected, "the ERP holds nothing under the job but the synced sub jobs");
    }
}
