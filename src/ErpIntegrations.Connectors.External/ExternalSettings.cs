using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ErpIntegrations.Connectors.External;

/// <summary>How ERP Job IDs must be written in the ERP.</summary>
public enum ErpJobIdCase
{
    /// <summary>Any case; IDs are still compared without regard to case.</summary>
    Any,

    /// <summary>Upper case only (A–Z).</summary>
    Upper,

    /// <summary>Lower case only (a–z).</summary>
    Lower,
}

/// <summary>
/// One company's External connector: the ERP's name and its ERP Job ID rules, the webhook, and the company the
/// integrator's reports belong to. Stored as a connection string without the webhook secret, which is kept encrypted.
/// </summary>
/// <param name="CompanyId">The company whose integrator reports jobs and sub jobs.</param>
/// <param name="DisplayName">The ERP's name, used in "Export to [name]".</param>
/// <param name="ErpJobIdMaxLength">The longest ERP Job ID the ERP takes.</param>
/// <param name="ErpJobIdPattern">A regular expression every ERP Job ID must match, or empty.</param>
/// <param name="ErpJobIdCase">The case ERP Job IDs must be written in.</param>
/// <param name="WebhookUrl">Where events are announced, or empty.</param>
/// <param name="WebhookSecret">The secret webhook bodies are signed with, or empty: never shown back.</param>
public sealed record ExternalSettings(
    Guid CompanyId,
    string DisplayName,
    int ErpJobIdMaxLength,
    string ErpJobIdPattern,
    ErpJobIdCase ErpJobIdCase,
    string WebhookUrl,
    string WebhookSecret)
{
    /// <summary>The longest ERP Job ID accepted when none is set, and the most any ERP may set.</summary>
    public const int DefaultMaxLength = 30;

    /// <summary>The most an ERP may set: the column ERP Job IDs are kept in.</summary>
    public const int MostMaxLength = 100;

    internal const string CompanyKey = "Company";
    internal const string DisplayNameKey = "DisplayName";
    internal const string MaxLengthKey = "ErpJobIdMaxLength";
    internal const string PatternKey = "ErpJobIdPattern";
    internal const string CaseKey = "ErpJobIdCase";
    internal const string WebhookUrlKey = "WebhookUrl";
    internal const string WebhookSecretKey = "WebhookSecret";

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads settings by name (the names forms and the API use); blank ones take their defaults.</summary>
    /// <param name="values">The values.</param>
    /// <param name="problems">What is wrong with them.</param>
    /// <returns>The settings, with defaults where a value was unusable.</returns>
    public static ExternalSettings From(ErpSettingValues values, out IReadOnlyList<ErpSettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(values);
        var found = new List<ErpSettingProblem>();
        _ = Guid.TryParse(values[CompanyKey], out var companyId);
        var name = values[DisplayNameKey].Trim();
        if (name.Length == 0)
        {
            found.Add(new(Name(DisplayNameKey), "Enter the ERP's name, as people know it (e.g. Vista): buttons say \"Export to\" it."));
        }

        var maxLength = DefaultMaxLength;
        var maxText = values[MaxLengthKey].Trim();
        if (maxText.Length > 0 && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxLength) || maxLength is < 1 or > MostMaxLength))
        {
            found.Add(new(Name(MaxLengthKey), $"The ERP Job ID's maximum length must be a whole number from 1 to {MostMaxLength}."));
            maxLength = DefaultMaxLength;
        }

        var pattern = values[PatternKey].Trim();
        if (pattern.Length > 0)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException ex)
            {
                found.Add(new(Name(PatternKey), $"The ERP Job ID pattern is not a valid regular expression: {ex.Message}"));
                pattern = "";
            }
        }

        var caseRule = ErpJobIdCase.Any;
        var caseText = values[CaseKey].Trim();
        if (caseText.Length > 0 && (!Enum.TryParse(caseText, ignoreCase: true, out caseRule) || !Enum.IsDefined(caseRule) || int.TryParse(caseText, out _)))
        {
            found.Add(new(Name(CaseKey), "The ERP Job ID case must be any, upper or lower."));
            caseRule = ErpJobIdCase.Any;
        }

        var webhook = values[WebhookUrlKey].Trim();
        if (webhook.Length > 0 && (!Uri.TryCreate(webhook, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.UserInfo.Length > 0))
        {
            found.Add(new(Name(WebhookUrlKey), $"The webhook URL \"{webhook}\" is not an http:// or https:// address (without a user name or password in it)."));
        }

        problems = found;
        return new ExternalSettings(companyId, name, maxLength, pattern, caseRule, webhook, values[WebhookSecretKey]);
    }

    /// <summary>The settings' names in forms and the API: camelCase of the stored keys.</summary>
    /// <param name="key">The stored key.</param>
    public static string Name(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return char.ToLowerInvariant(key[0]) + key[1..];
    }

    /// <summary>Reads the stored connection string.</summary>
    /// <param name="connection">The text <see cref="ToConnectionString"/> wrote.</param>
    /// <exception cref="FormatException">The text is not a connection string or names a setting this connector does not have.</exception>
    public static ErpSettingValues ReadConnection(string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connection;
        }
        catch (ArgumentException)
        {
            throw new FormatException("The External connection is not in the form DisplayName=…;ErpJobIdMaxLength=….");
        }

        string[] known = [CompanyKey, DisplayNameKey, MaxLengthKey, PatternKey, CaseKey, WebhookUrlKey];
        if (builder.Keys.Cast<string>().FirstOrDefault(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            throw new FormatException($"The External connection has no setting \"{unknown}\"; it takes {string.Join(", ", known)}.");
        }

        return new(known.Select(k => new KeyValuePair<string, string?>(
            k == CompanyKey ? CompanyKey : Name(k),
            builder.TryGetValue(k, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null)));
    }

    /// <summary>Writes the settings that are not secret, with the company.</summary>
    public string ToConnectionString()
    {
        var builder = new DbConnectionStringBuilder
        {
            [CompanyKey] = CompanyId.ToString(),
            [DisplayNameKey] = DisplayName,
            [MaxLengthKey] = ErpJobIdMaxLength.ToString(CultureInfo.InvariantCulture),
            [CaseKey] = ErpJobIdCase.ToString().ToLowerInvariant(),
        };
        if (ErpJobIdPattern.Length > 0)
        {
            builder[PatternKey] = ErpJobIdPattern;
        }

        if (WebhookUrl.Length > 0)
        {
            builder[WebhookUrlKey] = WebhookUrl;
        }

        return builder.ConnectionString;
    }

    /// <summary>Checks an ERP Job ID against the ERP's rules.</summary>
    /// <param name="erpJobId">The ID.</param>
    /// <returns>A sentence saying what is wrong, or <see langword="null"/>.</returns>
    public string? Check(string erpJobId)
    {
        if (string.IsNullOrWhiteSpace(erpJobId))
        {
            return "Enter the ERP Job ID.";
        }

        if (erpJobId.Length > ErpJobIdMaxLength)
        {
            return $"The ERP Job ID can be at most {ErpJobIdMaxLength} characters in {DisplayName}.";
        }

        if (ErpJobIdCase == ErpJobIdCase.Upper && erpJobId != erpJobId.ToUpperInvariant())
        {
            return $"The ERP Job ID must be in upper case in {DisplayName}.";
        }

        if (ErpJobIdCase == ErpJobIdCase.Lower && erpJobId != erpJobId.ToLowerInvariant())
        {
            return $"The ERP Job ID must be in lower case in {DisplayName}.";
        }

        try
        {
            return ErpJobIdPattern.Length == 0 || Regex.IsMatch(erpJobId, ErpJobIdPattern, RegexOptions.CultureInvariant, PatternTimeout)
                ? null
                : $"The ERP Job ID does not match {DisplayName}'s rule for ERP Job IDs ({ErpJobIdPattern}).";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"The ERP Job ID could not be checked against {DisplayName}'s rule ({ErpJobIdPattern}) in time; simplify the rule on the ERP Connection page.";
        }
    }

    /// <summary>The settings without the secret, so that logging them never shows it.</summary>
    public override string ToString() => $"External ERP {DisplayName} of company {CompanyId}";
}
