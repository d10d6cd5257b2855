namespace ErpIntegrations.Connectors;

/// <summary>
/// The characters ERP Integrations allows in the codes it sends to ERPs, defined once for every path (pages, API,
/// import): ASCII letters and digits, with a few separators between them. A code starts and ends with a letter or
/// digit. Each kind of code has its own separators; a connector may narrow those of ERP Job IDs through
/// <see cref="ErpCapabilities.ErpJobIdSeparators"/>.
/// </summary>
public static class ErpCodes
{
    /// <summary>Sub job codes: letters and digits only, since a sub job's code is what its ERP Job ID is proposed from.</summary>
    public const string SubJobCodeSeparators = "";

    /// <summary>Cost codes: hyphens, underscores, dots, slashes and spaces (03-300, 03 30 00, 03.300, 03/300).</summary>
    public const string CostCodeSeparators = "-_./ ";

    /// <summary>ERP Job IDs and the ERP's job IDs a project links to: hyphens, underscores and dots.</summary>
    public const string ErpJobIdSeparators = "-_.";

    /// <summary>Whether <paramref name="code"/> holds only ASCII letters, digits and <paramref name="separators"/>, starting and ending with a letter or digit.</summary>
    /// <param name="code">The code, already trimmed.</param>
    /// <param name="separators">The separators this kind of code allows.</param>
    /// <returns><see langword="true"/> when the code is well formed.</returns>
    public static bool IsValid(string code, string separators)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(separators);
        return code.Length > 0 && char.IsAsciiLetterOrDigit(code[0]) && char.IsAsciiLetterOrDigit(code[^1]) && HasOnlyAllowedCharacters(code, separators);
    }

    /// <summary>Whether every character of <paramref name="code"/> is an ASCII letter, digit or one of <paramref name="separators"/>.</summary>
    /// <param name="code">The code.</param>
    /// <param name="separators">The separators this kind of code allows.</param>
    /// <returns><see langword="true"/> when no other character occurs.</returns>
    public static bool HasOnlyAllowedCharacters(string code, string separators)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(separators);
        return code.All(c => char.IsAsciiLetterOrDigit(c) || separators.Contains(c, StringComparison.Ordinal));
    }

    /// <summary>The separators both allow: a connector's narrowing never widens the rule.</summary>
    /// <param name="separators">The separators of the kind of code.</param>
    /// <param name="narrowed">The separators a connector allows.</param>
    /// <returns>Those in both, in the order of <paramref name="separators"/>.</returns>
    public static string Narrow(string separators, string narrowed)
    {
        ArgumentNullException.ThrowIfNull(separators);
        ArgumentNullException.ThrowIfNull(narrowed);
        return new string([.. separators.Where(c => narrowed.Contains(c, StringComparison.Ordinal))]);
    }

    /// <summary>The allowed characters in words, e.g. "letters, digits and hyphens".</summary>
    /// <param name="separators">The separators allowed.</param>
    /// <returns>A phrase for a sentence such as "The code may hold only …".</returns>
    public static string Describe(string separators)
    {
        ArgumentNullException.ThrowIfNull(separators);
        string[] parts = ["letters A–Z", "digits", .. separators.Select(Name)];
        return parts.Length == 2 ? "letters A–Z and digits" : $"{string.Join(", ", parts[..^1])} and {parts[^1]}";
    }

    private static string Name(char separator) => separator switch
    {
        '-' => "hyphens",
        '_' => "underscores",
        '.' => "dots",
        '/' => "slashes",
        ' ' => "spaces",
        _ => $"'{separator}'",
    };
}
