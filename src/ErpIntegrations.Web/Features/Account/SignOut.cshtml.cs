using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features.Account;

// Signing out needs no permission, only a sign-in: a deactivated person may still sign out.
[Authorize]
public sealed class SignOutModel(SignInManager<User> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/signin");
    }
}
