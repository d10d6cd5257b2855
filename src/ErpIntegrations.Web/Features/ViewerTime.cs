using System.Globalization;
using System.Security.Claims;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features;

// The signed-in person's time zone, read once per request: pages show times in it (UTC until one is known).
public sealed class ViewerTime(IHttpContextAccessor http, AppDbContext db, TimeProvider time)
{
    private ViewerClock? _clock;

    public async Task<ViewerClock> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_clock is not null)
        {
            return _clock;
        }

        string? zoneId = null;
        if (Guid.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            zoneId = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(cancellationToken);
        }

        _clock = new ViewerClock(TimeZones.Find(zoneId), zoneId is not null, time.GetUtcNow().UtcDateTime);
        return _clock;
    }
}

public sealed class ViewerClock(TimeZoneInfo zone, bool fromProfile, DateTime nowUtc)
{
    public TimeZoneInfo Zone { get; } = zone;

    // False until the person's browser has reported a zone or they chose one: the layout then asks the browser.
    public bool FromProfile { get; } = fromProfile;

    // "Chicago time", for a table header: "Sent (Chicago time)".
    public string ZoneName => TimeZones.Name(Zone);

    public string When(DateTime utc) => TimeZones.When(Zone, utc);

    public string Exact(DateTime utc) => TimeZones.Exact(Zone, utc);

    public string? Relative(DateTime utc) => TimeZones.Relative(utc, nowUtc);

    // <time datetime="2026-12-02T13:24:00Z" title="2026-12-02 07:24 Chicago time (UTC−06:00)">2026-12-02 07:24</time>
    public IHtmlContent Time(DateTime utc) => Html(utc, When(utc));

    // The relative time where it helps (within a week: "3 hours ago"), the exact one on hover; the date beyond.
    public IHtmlContent Ago(DateTime utc) => Html(utc, Relative(utc) ?? When(utc));

    private IHtmlContent Html(DateTime utc, string text)
    {
        var iso = DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<time datetime=\"{iso}\" title=\"");
        builder.Append(Exact(utc));
        builder.AppendHtml("\">");
        builder.Append(text);
        builder.AppendHtml("</time>");
        return builder;
    }
}
