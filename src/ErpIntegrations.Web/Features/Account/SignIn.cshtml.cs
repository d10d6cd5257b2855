using System.ComponentModel.DataAnnotations;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Account;

public sealed class SignInModel(SignInManager<User> signIn, AppDbContext db) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@company.com.")]
    [StringLength(256)]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(256)]
    public string Password { get; set; } = "";

    // The browser's IANA time zone (js/site.js fills it): stored on a profile that has none yet.
    [BindProperty]
    [StringLength(TimeZones.MaxIdLength)]
    public string? TimeZone { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    // No company exists yet, so nobody can sign in: the page points to /setup instead.
    public bool NeedsSetup { get; private set; }

    public async Task OnGetAsync() =>
        NeedsSetup = !await db.Companies.IgnoreQueryFilters().AnyAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            await OnGetAsync();
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            var user = await signIn.UserManager.FindByEmailAsync(Email.Trim());
            if (user is not null && user.TakeBrowserTimeZone(TimeZone))
            {
                await db.SaveChangesAsync();
            }

            return user is { MustChangePassword: true }
                ? RedirectToPage("/Account/SetPassword")
                : LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        ModelState.AddModelError(string.Empty, AppSignInManager.Refusal(result));
        await OnGetAsync();
        return Page();
    }
}
