using System.Data.Common;

namespace ErpIntegrations.Connectors.Tryton;

/// <summary>
/// One company's connection to its Tryton server. Stored as a connection string
/// (<c>Url=http://host:8000/;Database=erp;Username=admin;Password=…;JobsRootCode=JOBS</c>), the form the
/// connector factory is given.
/// </summary>
/// <param name="Url">The Tryton server's address, e.g. <c>http://tryton.example.com:8000/</c>.</param>
/// <param name="Database">The Tryton database holding the company's books.</param>
/// <param name="Username">The Tryton user the connector signs in as.</param>
/// <param name="Password">That user's password: a secret, never shown back, never logged.</param>
/// <param name="JobsRootCode">
/// The code of the analytic root account whose view accounts are the jobs; when empty, the view accounts under every
/// analytic root of the user's company are.
/// </param>
public sealed record TrytonSettings(string Url, string Database, string Username, string Password, string? JobsRootCode = null)
{
    private const string UrlKey = "Url";
    private const string DatabaseKey = "Database";
    private const string UsernameKey = "Username";
    private const string PasswordKey = "Password";
    private const string JobsRootCodeKey = "JobsRootCode";

    /// <summary>The names of the settings that are secrets (write-only).</summary>
    public static IReadOnlyList<string> SecretNames { get; } = [PasswordKey];

    /// <summary>Reads settings written by <see cref="ToConnectionString"/> (or typed by a person in the same form).</summary>
    /// <param name="connectionString">The stored connection string.</param>
    /// <exception cref="FormatException">The text is not a connection string or names a setting Tryton does not have.</exception>
    public static TrytonSettings FromConnectionString(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            throw new FormatException("The Tryton connection is not in the form Url=…;Database=…;Username=…;Password=….");
        }

        string[] known = [UrlKey, DatabaseKey, UsernameKey, PasswordKey, JobsRootCodeKey];
        if (builder.Keys.Cast<string>().FirstOrDefault(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            throw new FormatException($"The Tryton connection has no setting \"{unknown}\"; it takes {string.Join(", ", known)}.");
        }

        string Read(string key) => builder.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "";
        var root = Read(JobsRootCodeKey);
        return new TrytonSettings(Read(UrlKey), Read(DatabaseKey), Read(UsernameKey), Read(PasswordKey), root.Length == 0 ? null : root);
    }

    /// <summary>Writes the settings in the form <see cref="FromConnectionString"/> reads, quoting where needed.</summary>
    public string ToConnectionString()
    {
        var builder = new DbConnectionStringBuilder
        {
            [UrlKey] = Url,
            [DatabaseKey] = Database,
            [UsernameKey] = Username,
        };
        if (Password.Length > 0)
        {
            builder[PasswordKey] = Password;
        }

        if (!string.IsNullOrEmpty(JobsRootCode))
        {
            builder[JobsRootCodeKey] = JobsRootCode;
        }

        return builder.ConnectionString;
    }

    /// <summary>Checks the settings without contacting Tryton.</summary>
    /// <returns>One sentence per problem, naming the setting; empty when the settings can be tried.</returns>
    public IReadOnlyList<string> Validate() => [.. Problems().Select(p => p.Message)];

    /// <summary>Checks the settings without contacting Tryton.</summary>
    /// <returns>One problem per wrong or missing setting, by the setting's name in forms and the API.</returns>
    public IReadOnlyList<ErpSettingProblem> Problems()
    {
        var problems = new ProblemList();
        if (string.IsNullOrWhiteSpace(Url))
        {
            problems.Add("url", "Enter the Tryton server's URL, e.g. http://tryton.example.com:8000/.");
        }
        else if (!Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add("url", $"The Tryton URL \"{Url}\" is not an http:// or https:// address.");
        }
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problems.Add("url", $"The Tryton URL \"{Url}\" must be the server's address alone, without ?query or #fragment.");
        }

        if (string.IsNullOrWhiteSpace(Database))
        {
            problems.Add("database", "Enter the name of the Tryton database.");
        }
        else if (Database.Contains('/', StringComparison.Ordinal))
        {
            problems.Add("database", $"The Tryton database name \"{Database}\" may not contain '/'.");
        }

        if (string.IsNullOrWhiteSpace(Username))
        {
            problems.Add("username", "Enter the Tryton user name.");
        }
        else if (Username.Contains(':', StringComparison.Ordinal))
        {
            problems.Add("username", "The Tryton user name may not contain ':'.");
        }

        if (string.IsNullOrEmpty(Password))
        {
            problems.Add("password", "Enter the Tryton user's password.");
        }

        return problems;
    }

    private sealed class ProblemList : List<ErpSettingProblem>
    {
        public void Add(string name, string message) => Add(new ErpSettingProblem(name, message));
    }

    /// <summary>The settings without the password, so that logging or printing them never shows a secret.</summary>
    public override string ToString() =>
        $"Tryton {Url} database {Database} as {Username}{(JobsRootCode is null ? "" : $", jobs under {JobsRootCode}")}";

    internal Uri DatabaseEndpoint
    {
        get
        {
            var url = Url.Trim();
            var server = new Uri(url.EndsWith('/') ? url : url + "/");
            return new Uri(server, Uri.EscapeDataString(Database) + "/");
        }
    }

    internal Uri ServerEndpoint
    {
        get
        {
            var url = Url.Trim();
            return new Uri(url.EndsWith('/') ? url : url + "/");
        }
    }
}
