using System.Collections;

namespace ErpIntegrations.Connectors;

/// <summary>One setting a connector asks a company for.</summary>
/// <param name="Name">The setting's name in the API and in forms, e.g. <c>url</c>.</param>
/// <param name="Label">What the form calls it, e.g. "Server URL".</param>
/// <param name="Kind">What kind of value it is: plain text, an address, or a secret (write-only).</param>
/// <param name="IsRequired">Whether a value must be entered.</param>
/// <param name="MaxLength">The longest value accepted.</param>
/// <param name="Hint">A sentence under the field: what to enter, with an example.</param>
public sealed record ErpSettingField(string Name, string Label, ErpSettingKind Kind = ErpSettingKind.Text, bool IsRequired = true, int MaxLength = 200, string? Hint = null)
{
    /// <summary>True for a secret: stored encrypted, never shown back, never returned, never logged.</summary>
    public bool IsSecret => Kind == ErpSettingKind.Secret;
}

/// <summary>The kind of a connector setting.</summary>
public enum ErpSettingKind
{
    /// <summary>Plain text.</summary>
    Text,

    /// <summary>An http:// or https:// address.</summary>
    Url,

    /// <summary>A password or key: write-only.</summary>
    Secret,

    /// <summary>
    /// An http:// or https:// address ERP Integrations itself calls out to (a webhook): guarded against server-side
    /// request forgery, so that it may not point at private networks or at ERP Integrations itself.
    /// </summary>
    CallbackUrl,
}

/// <summary>A setting that is wrong or missing.</summary>
/// <param name="Name">The setting's name.</param>
/// <param name="Message">A sentence saying what to enter.</param>
public sealed record ErpSettingProblem(string Name, string Message);

/// <summary>A company's values for a connector's settings, by name (case-insensitive); a missing value reads as empty.</summary>
public sealed class ErpSettingValues : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Creates the values; blank names and null values are left out.</summary>
    /// <param name="values">Values by setting name.</param>
    public ErpSettingValues(IEnumerable<KeyValuePair<string, string?>>? values = null)
    {
        _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in values ?? [])
        {
            if (!string.IsNullOrWhiteSpace(name) && value is not null)
            {
                _values[name.Trim()] = value;
            }
        }
    }

    /// <summary>No values.</summary>
    public static ErpSettingValues Empty { get; } = new();

    /// <inheritdoc/>
    public int Count => _values.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc/>
    public IEnumerable<string> Values => _values.Values;

    /// <summary>The value of a setting, or "" when it has none.</summary>
    /// <param name="key">The setting's name.</param>
    public string this[string key] => _values.GetValueOrDefault(key) ?? "";

    /// <summary>These values with others laid over them (a value in <paramref name="overrides"/> wins).</summary>
    /// <param name="overrides">The values that win.</param>
    public ErpSettingValues With(IEnumerable<KeyValuePair<string, string>> overrides) =>
        new(_values.Concat(overrides).GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(g => new KeyValuePair<string, string?>(g.Key, g.Last().Value)));

    /// <summary>Only the values of the named settings.</summary>
    /// <param name="names">The settings to keep.</param>
    public ErpSettingValues Only(IEnumerable<string> names)
    {
        var keep = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new(_values.Where(p => keep.Contains(p.Key)).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, out string value)
    {
        var found = _values.TryGetValue(key, out var stored);
        value = stored ?? "";
        return found;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The names of the settings that have values, never the values: settings hold secrets.</summary>
    public override string ToString() => $"settings {string.Join(", ", _values.Keys)}";
}
