using System.ComponentModel.DataAnnotations;
using ErpIntegrations.Connectors;

namespace ErpIntegrations.Web.Features;

// The one way use cases check what a person typed, on the page and the API alike: each problem is kept under its field
// and all of them are thrown at once as an InputException. A label names the field in messages ("a description").
internal sealed class InputErrors
{
    private static readonly EmailAddressAttribute EmailRule = new();
    private readonly Dictionary<string, string[]> _errors = [];

    public bool Any => _errors.Count > 0;

    // The trimmed text, or "" with an error when it is missing, too long or holds hidden characters.
    public string Text(string field, string? value, string label, int maxLength, bool required = true, bool multiline = false)
    {
        var trimmed = value?.Trim() ?? "";
        if (required && trimmed.Length == 0)
        {
            Add(field, $"Enter {label}.");
        }
        else if (trimmed.Length > maxLength)
        {
            Add(field, $"{PlainText.Subject(label)} can be at most {maxLength} characters.");
        }
        else
        {
            Plain(field, trimmed, label, multiline);
        }

        return trimmed;
    }

    // Refuses control characters and text-direction overrides in text a person typed (multiline: line breaks and tabs
    // are allowed, as in an explanation).
    public void Plain(string field, string text, string label, bool multiline = false)
    {
        if (PlainText.HasHiddenCharacters(text, multiline))
        {
            Add(field, PlainText.Refusal(label));
        }
    }

    // A code of the kind whose separators are given (ErpCodes), trimmed; erpName names the ERP whose rule it is.
    public string Code(string field, string? value, string label, int maxLength, string separators, string? erpName = null)
    {
        var code = value?.Trim() ?? "";
        if (code.Length == 0)
        {
            Add(field, $"Enter {label}.");
        }
        else if (CodeError(code, label, separators, erpName) is { } error)
        {
            Add(field, error);
        }
        else if (code.Length > maxLength)
        {
            Add(field, $"{PlainText.Subject(label)} can be at most {maxLength} characters{(erpName is null ? "" : $" for {erpName}")}.");
        }

        return code;
    }

    public static string? CodeError(string code, string label, string separators, string? erpName = null)
    {
        if (!ErpCodes.HasOnlyAllowedCharacters(code, separators))
        {
            var allowed = ErpCodes.Describe(separators);
            return erpName is not null
                ? $"{PlainText.Subject(label)} may hold only {allowed} in {erpName}."
                : $"Use only {allowed} in {label}{(separators.Length == 0 ? ", without spaces or other characters" : "")}.";
        }

        return ErpCodes.IsValid(code, separators) ? null : $"Start and end {label} with a letter or digit.";
    }

    public string Email(string field, string? value)
    {
        var email = Text(field, value, "an email address", 256);
        if (email.Length > 0 && !EmailRule.IsValid(email))
        {
            Add(field, "Enter an email address like name@company.com.");
        }

        return email;
    }

    public void Add(string field, string error)
    {
        if (!_errors.ContainsKey(field))
        {
            _errors[field] = [error];
        }
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new InputException(_errors);
        }
    }
}

// What typed text may not hold: control characters (NUL, BEL, ESC, DEL, the C1 controls U+0080–U+009F) that ERPs,
// emails and terminals mishandle, and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) that
// make a text read differently from what it holds.
internal static class PlainText
{
    public static bool HasHiddenCharacters(string text, bool multiline = false) =>
        text.Any(c => (char.IsControl(c) && !(multiline && c is '\r' or '\n' or '\t')) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');

    public static string Refusal(string label) =>
        $"{Subject(label)} may not hold control characters (such as NUL, BEL or ESC) or text-direction overrides.";

    // "a description" → "The description", "your name" → "Your name".
    public static string Subject(string label) => label switch
    {
        _ when label.StartsWith("a ", StringComparison.Ordinal) => $"The {label[2..]}",
        _ when label.StartsWith("an ", StringComparison.Ordinal) => $"The {label[3..]}",
        _ => $"{char.ToUpperInvariant(label[0])}{label[1..]}",
    };
}
