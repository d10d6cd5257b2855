using System.ComponentModel.DataAnnotations;

namespace ErpIntegrations.Web.Features;

internal sealed class InputErrors
{
    private static readonly EmailAddressAttribute EmailRule = new();
    private readonly Dictionary<string, string[]> _errors = [];

    public bool Any => _errors.Count > 0;

    // The trimmed text, or "" with an error when it is missing or too long.
    public string Text(string field, string? value, string label, int maxLength, bool required = true)
    {
        var trimmed = value?.Trim() ?? "";
        if (required && trimmed.Length == 0)
        {
            Add(field, $"Enter {label}.");
        }
        else if (trimmed.Length > maxLength)
        {
            Add(field, $"{char.ToUpperInvariant(label[0])}{label[1..]} can be at most {maxLength} characters.");
        }

        return trimmed;
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
