using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

public enum SubJobFilter
{
    ReadyToExport,
    FailedToExport,
    Synced,
    ReadyToImport,
}

public static class SubJobFilters
{
    public static readonly IReadOnlyList<SubJobFilter> All = Enum.GetValues<SubJobFilter>();

    public static string Slug(this SubJobFilter filter) => filter switch
    {
        SubJobFilter.ReadyToExport => "ready-to-export",
        SubJobFilter.FailedToExport => "failed-to-export",
        SubJobFilter.Synced => "synced",
        SubJobFilter.ReadyToImport => "ready-to-import",
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    public static string Title(this SubJobFilter filter) => filter switch
    {
        SubJobFilter.ReadyToExport => "Ready to Export",
        SubJobFilter.FailedToExport => "Failed to Export",
        SubJobFilter.Synced => "Synced",
        SubJobFilter.ReadyToImport => "Ready to Import",
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    public static string EmptyText(this SubJobFilter filter) => filter switch
    {
        SubJobFilter.ReadyToExport => "No sub jobs are ready to export.",
        SubJobFilter.FailedToExport => "No sub jobs failed to export.",
        SubJobFilter.Synced => "No sub jobs are synced yet.",
        SubJobFilter.ReadyToImport => "No sub jobs are ready to import: every sub job in the ERP is already on its project.",
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    // The API's names: ready_to_export, failed_to_export, synced, ready_to_import (hyphens work too).
    public static SubJobFilter? ParseApi(string? name)
    {
        var wanted = name?.Trim().Replace('_', '-');
        return string.IsNullOrEmpty(wanted)
            ? SubJobFilter.ReadyToExport
            : All.Cast<SubJobFilter?>().FirstOrDefault(f => string.Equals(f!.Value.Slug(), wanted, StringComparison.OrdinalIgnoreCase));
    }

    public static SubJobFilter Parse(string? slug) =>
        All.FirstOrDefault(f => string.Equals(f.Slug(), slug, StringComparison.OrdinalIgnoreCase), SubJobFilter.ReadyToExport);

    // The states a filter lists; Exporting shows under Ready to Export with an in-progress marker.
    public static IReadOnlyList<SubJobState> States(this SubJobFilter filter) => filter switch
    {
        SubJobFilter.ReadyToExport => [SubJobState.ReadyToExport, SubJobState.Exporting],
        SubJobFilter.FailedToExport => [SubJobState.FailedToExport],
        SubJobFilter.Synced => [SubJobState.Synced],
        _ => [],
    };
}
