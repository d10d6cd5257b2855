using System.Globalization;
using System.Text.Json;

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
    public const string SuccessfullyExported = "Successfully Exported";

    public const string ExportInProgress = "Export in progress";

    // What an exporting sub job waits for while its ERP cannot be reached, in UTC like every time the tool shows; the
    // date is added to the first time when the outage began on another day.
    public static string WaitingForErp(string erp, DateTime unreachableSince, DateTime nextAttemptAt)
    {
        var since = unreachableSince.Date == nextAttemptAt.Date ? Time(unreachableSince) : $"{Date(unreachableSince)} {Time(unreachableSince)}";
        return $"Waiting for {erp} — unreachable since {since} UTC, next try {Time(nextAttemptAt)} UTC";
    }

    // The state's name in the API and in the pages' scripts: not_sent, ready_to_export, exporting, synced, failed_to_export, rejected, retrieved.
    public static string ApiName(this SubJobState state) => JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString());

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

    public static string Icon(this SubJobState state) => state switch
    {
        SubJobState.ReadyToExport or SubJobState.Exporting => "blue",
        SubJobState.Synced => "green",
        SubJobState.FailedToExport => "red",
        SubJobState.Rejected or SubJobState.Retrieved => "yellow",
        _ => "none",
    };

    private static string Time(DateTime at) => at.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Date(DateTime at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
