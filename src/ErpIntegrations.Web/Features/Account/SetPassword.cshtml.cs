using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.Account;

internal sealed class SetPasswordModel(SetPassword.Handler setPassword) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                var email = await setPassword.HandleAsync(new SetPassword.Command(UserId, Token, Password, ConfirmPassword), cancellationToken);
                return $"Your password is set. Sign in with {email}.";
            },
            () => RedirectToPage("/Account/SignIn"),
            () => Task.CompletedTask);
}
