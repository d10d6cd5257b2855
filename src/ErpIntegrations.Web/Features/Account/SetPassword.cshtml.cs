using System.Security.Claims;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.Account;

// Two ways to set a password: from a one-time link (user and token in the address), or signed in, proving the current
// one — where a person who signed in with a password their Directory Admin set is sent until they have chosen their own.
internal sealed class SetPasswordModel(SetPassword.Handler setPassword, ChangePassword.Handler changePassword, SignInManager<User> signIn) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    // Signed in and not following a link: the person changes their own password.
    public bool ChangingOwn => UserId == Guid.Empty && string.IsNullOrEmpty(Token) && SignedInUserId is not null;

    // The password they signed in with is one their Directory Admin set.
    public bool MustChange { get; private set; }

    private string? SignedInUserId => User.Identity?.IsAuthenticated == true ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangingOwn
            ? RunAsync(
                async () =>
                {
                    var user = await changePassword.HandleAsync(new ChangePassword.Command(Guid.Parse(SignedInUserId!), CurrentPassword, Password, ConfirmPassword), cancellationToken);

                    // This session carries the new security stamp; the person's other sessions end at their next check.
                    await signIn.RefreshSignInAsync(user);
                    return "Your password is changed. Your API tokens were revoked, and your other sessions end within a minute.";
                },
                () => RedirectToPage("/Profile/Index"),
                LoadAsync)
            : RunAsync(
                async () =>
                {
                    var email = await setPassword.HandleAsync(new SetPassword.Command(UserId, Token, Password, ConfirmPassword), cancellationToken);
                    return $"Your password is set. Sign in with {email}.";
                },
                () => RedirectToPage("/Account/SignIn"),
                () => Task.CompletedTask);

    private async Task LoadAsync()
    {
        if (ChangingOwn)
        {
            MustChange = await signIn.UserManager.GetUserAsync(User) is { MustChangePassword: true };
        }
    }
}
