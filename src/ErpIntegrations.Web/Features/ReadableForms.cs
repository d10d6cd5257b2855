using System.Text;
using ErpIntegrations.Web.Features.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ErpIntegrations.Web.Features;

// Reads a page's form before antiforgery or model binding does, so that what ASP.NET Core's form reader refuses
// outright (which antiforgery turns into a bare 400) becomes a refusal in words:
// - a value holding NUL (%00) is read as sent, and the use case refuses it beside its field like any control character;
// - a form with more values than FormOptions.ValueCountLimit loses the fields that sent the most, and the page is
//   refused in its own words before its handler runs (UnreadableFormValues): a bulk form says how many sub jobs it takes.
internal sealed class ReadableForms(RequestDelegate next, IOptions<FormOptions> options)
{
    public const string TooManyValuesKey = "erp:too-many-values";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && IsUrlEncodedForm(request) && !request.Path.StartsWithSegments(ApiSetup.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            request.EnableBuffering();
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                await ReadAsSentAsync(context);
            }
            catch (Exception e) when (e is IOException or BadHttpRequestException)
            {
                // Left as it was: the next reader of the form (antiforgery) meets the same failure.
            }
        }

        await next(context);
    }

    // The fields left out, with how many values each sent, for the page to refuse, once: the error page that shows the
    // refusal runs in the same request.
    public static IReadOnlyList<(string Field, int Count)> TakeTooManyValues(HttpContext context) =>
        context.Items.Remove(TooManyValuesKey, out var dropped) ? (IReadOnlyList<(string, int)>)dropped! : [];

    public static InputException TooManyValuesRefusal(string field, int count) =>
        new(field, $"The form sent {count} values for {field}, more than ERP Integrations reads at once. Nothing was changed.");

    private static bool IsUrlEncodedForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    // Two passes over the buffered body: count each field's values, leave out the largest fields until the rest fit the
    // limit, then keep the values of the others (NUL included: FormReader decodes it as it is).
    private async Task ReadAsSentAsync(HttpContext context)
    {
        var limits = options.Value;
        var body = context.Request.Body;
        var cancellationToken = context.RequestAborted;
        try
        {
            var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            await ForEachPairAsync(body, limits, pair => counts[pair.Key] = counts.GetValueOrDefault(pair.Key) + 1, cancellationToken);

            var dropped = new List<(string Field, int Count)>();
            var total = counts.Values.Sum();
            foreach (var (field, count) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
            {
                if (total <= limits.ValueCountLimit)
                {
                    break;
                }

                dropped.Add((field, count));
                total -= count;
            }

            var kept = new KeyValueAccumulator();
            var droppedFields = dropped.Select(d => d.Field).ToHashSet(StringComparer.OrdinalIgnoreCase);
            await ForEachPairAsync(body, limits, pair =>
            {
                if (!droppedFields.Contains(pair.Key))
                {
                    kept.Append(pair.Key, pair.Value);
                }
            }, cancellationToken);

            context.Features.Set<IFormFeature>(new FormFeature(new FormCollection(kept.GetResults())));
            if (dropped.Count > 0)
            {
                context.Items[TooManyValuesKey] = (IReadOnlyList<(string, int)>)dropped;
            }
        }
        catch (InvalidDataException)
        {
            // A key or value over its length limit: the form stays unreadable, as ASP.NET Core found it.
        }
        finally
        {
            body.Position = 0;
        }
    }

    private static async Task ForEachPairAsync(Stream body, FormOptions limits, Action<KeyValuePair<string, string>> each, CancellationToken cancellationToken)
    {
        body.Position = 0;
        using var reader = new FormReader(body, Encoding.UTF8)
        {
            KeyLengthLimit = limits.KeyLengthLimit,
            ValueLengthLimit = limits.ValueLengthLimit,
            ValueCountLimit = int.MaxValue,
        };
        while (await reader.ReadNextPairAsync(cancellationToken) is { } pair)
        {
            each(pair);
        }
    }
}
