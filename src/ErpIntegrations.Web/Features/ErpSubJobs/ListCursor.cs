using System.Globalization;
using System.Text;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// Where a page of List ended, as the API's nextCursor: by sent date, the last row's sent date and id; by code, its code
// and id; by project, its project number and code (one sub job in a company). The texts are written in hexadecimal.
public sealed record ListCursor(DateTime? SentAt, Guid Id, string? ProjectNumber = null, string? Code = null)
{
    public bool Fits(ListSort sort) => sort switch
    {
        ListSort.Project => ProjectNumber is not null && Code is not null,
        ListSort.Code => ProjectNumber is null && Code is not null,
        _ => Code is null,
    };

    public override string ToString() => (ProjectNumber, Code) switch
    {
        (null, null) => $"{(SentAt is { } sent ? sent.Ticks.ToString(CultureInfo.InvariantCulture) : "n")}_{Id:N}",
        (null, { } code) => $"c{Hex(code)}_{Id:N}",
        ({ } number, var code) => $"p{Hex(number)}.{Hex(code ?? "")}_{Id:N}",
    };

    public static ListCursor? Parse(string? text)
    {
        var parts = text?.Split('_');
        if (parts is not { Length: 2 } || !Guid.TryParseExact(parts[1], "N", out var id))
        {
            return null;
        }

        var key = parts[0];
        if (key == "n")
        {
            return new ListCursor(null, id);
        }

        if (key.StartsWith('c'))
        {
            return Text(key[1..]) is { } code ? new ListCursor(null, id, null, code) : null;
        }

        if (key.StartsWith('p') && key[1..].Split('.') is [var number, var projectCode])
        {
            return Text(number) is { } n && Text(projectCode) is { } c ? new ListCursor(null, id, n, c) : null;
        }

        return long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is > 0 and < 3155378975999999999
            ? new ListCursor(new DateTime(ticks, DateTimeKind.Utc), id)
            : null;
    }

    private static string Hex(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text));

    private static string? Text(string hex)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
