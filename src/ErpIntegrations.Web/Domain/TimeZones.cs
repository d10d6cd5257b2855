using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ErpIntegrations.Web.Domain;

// IANA time zones (America/Chicago) and how a time reads in one. Times are stored and sent by the API in UTC; only
// what a person reads (a page, an email) is in their zone.
public static class TimeZones
{
    public const int MaxIdLength = 64;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Only IANA ids (also on Windows, where the system's own ids are Windows ones): what a browser reports and what the profile stores.
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || !id.Equals("UTC", StringComparison.Ordinal) && !id.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var found))
        {
            return false;
        }

        if (!found.HasIanaId && TimeZoneInfo.TryConvertWindowsIdToIanaId(found.Id, out var ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var iana))
        {
            found = iana;
        }

        zone = found;
        return true;
    }

    public static TimeZoneInfo Find(string? id) => TryFind(id, out var zone) ? zone : TimeZoneInfo.Utc;

    // The zone's IANA ids for the profile's list, grouped by region: America/Chicago, Europe/Berlin, ... and UTC.
    public static IReadOnlyList<string> All { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : null)
            .OfType<string>()
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal))
            .Append("UTC")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    // "Chicago time" for America/Chicago, "UTC" for UTC: the name a table header shows once.
    public static string Name(TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC")
        {
            return "UTC";
        }

        var city = zone.Id[(zone.Id.LastIndexOf('/') + 1)..].Replace('_', ' ');
        return $"{city} time";
    }

    public static DateTime Local(TimeZoneInfo zone, DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    // 2026-12-02 07:24
    public static string When(TimeZoneInfo zone, DateTime utc) => Local(zone, utc).ToString("yyyy-MM-dd HH:mm", Invariant);

    // 2026-12-02 07:24 Chicago time (UTC−06:00): unambiguous also in the hour a daylight-saving change repeats.
    public static string Exact(TimeZoneInfo zone, DateTime utc)
    {
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        return zone == TimeZoneInfo.Utc || Name(zone) == "UTC"
            ? $"{When(zone, utc)} UTC"
            : $"{When(zone, utc)} {Name(zone)} (UTC{sign}{offset.Duration():hh\\:mm})";
    }

    // "3 hours ago", "yesterday", "in 5 minutes"; null beyond a week, where the date itself says more.
    public static string? Relative(DateTime utc, DateTime nowUtc)
    {
        var ago = nowUtc - utc;
        var future = ago < TimeSpan.Zero;
        var span = ago.Duration();
        if (span > TimeSpan.FromDays(7))
        {
            return null;
        }

        static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
        var amount = span switch
        {
            _ when span < TimeSpan.FromMinutes(1) => null,
            _ when span < TimeSpan.FromHours(1) => Count((int)span.TotalMinutes, "minute"),
            _ when span < TimeSpan.FromDays(1) => Count((int)span.TotalHours, "hour"),
            _ => Count((int)span.TotalDays, "day"),
        };
        return amount is null ? "just now" : future ? $"in {amount}" : $"{amount} ago";
    }
}
