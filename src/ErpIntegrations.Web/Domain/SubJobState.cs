namespace ErpIntegrations.Web.Domain;

public enum SubJobState
{
    NotSent,
    ReadyToExport,
    Exporting,
    Synced,
    FailedToExport,
    Rejected,
    Retrieved,
}

public static class SubJobStateText
{
    public static string ToDisplay(this SubJobState state) => state switch
    {
        SubJobState.NotSent => "Not sent",
        SubJobState.ReadyToExport => "Ready to Export",
        SubJobState.Exporting => "Exporting",
        SubJobState.Synced => "Synced",
        SubJobState.FailedToExport => "Failed to Export",
        SubJobState.Rejected => "Rejected",
        SubJobState.Retrieved => "Retrieved",
        _ => state.ToString(),
    };

    /// <summary>The icon colour of PRODUCT.md §4.</summary>
    public static string Icon(this SubJobState state) => state switch
    {
        SubJobState.ReadyToExport or SubJobState.Exporting => "blue",
        SubJobState.Synced => "green",
        SubJobState.FailedToExport => "red",
        SubJobState.Rejected or SubJobState.Retrieved => "yellow",
        _ => "none",
    };
}
