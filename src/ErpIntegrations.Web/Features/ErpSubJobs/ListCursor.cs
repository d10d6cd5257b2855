using System.Globalization;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Where a page of List ended: the last row's sent date and id, as the API's nextCursor.
public sealed record ListCursor(DateTime? SentAt, Guid Id)
{
    public override string ToString() =>
        $"{(SentAt is { } sent ? sent.Ticks.ToString(CultureInfo.InvariantCulture) : "n")}_{Id:N}";

    public static ListCursor? Parse(string? text)
    {
        var parts = text?.Split('_');
        if (parts is not { Length: 2 } || !Guid.TryParseExact(parts[1], "N", out var id))
        {
            return null;
        }

        if (parts[0] == "n")
        {
            return new ListCursor(null, id);
        }

        return long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is > 0 and < 3155378975999999999
            ? new ListCursor(new DateTime(ticks, DateTimeKind.Utc), id)
            : null;
    }
}
