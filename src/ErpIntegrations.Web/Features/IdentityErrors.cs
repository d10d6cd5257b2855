using Microsoft.AspNetCore.Identity;

namespace ErpIntegrations.Web.Features;

internal static class IdentityErrors
{
    // An email another account signs in with, whichever company it belongs to: nothing here says where.
    public const string EmailCannotBeUsed = "This email cannot be used. Enter another email address.";

    public static InputException ToInput(IdentityResult result, string emailField, string passwordField)
    {
        var password = result.Errors.Where(e => e.Code.Contains("Password", StringComparison.Ordinal)).Select(e => e.Description).ToArray();
        var email = result.Errors.Where(e => !e.Code.Contains("Password", StringComparison.Ordinal))
            .Select(e => e.Code is "DuplicateEmail" or "DuplicateUserName" ? EmailCannotBeUsed : e.Description)
            .Distinct()
            .ToArray();
        var errors = new Dictionary<string, string[]>();
        if (password.Length > 0)
        {
            errors[passwordField] = [string.Join(" ", password)];
        }

        if (email.Length > 0)
        {
            errors[emailField] = [string.Join(" ", email)];
        }

        return new InputException(errors);
    }
}
