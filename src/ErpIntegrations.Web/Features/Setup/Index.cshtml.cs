using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.Setup;

// The setup page: reachable only while no company exists, and only with the setup code start-up logged; afterwards it
// answers 404, for good.
internal sealed class IndexModel(CreateFirstCompany.Handler setup, SetupCode setupCode, UserManager<User> users, SignInManager<User> signIn) : FormPageModel
{
    [BindProperty]
    public string? SetupCode { get; set; }

    [BindProperty]
    public string? CompanyName { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await setup.IsSetUpAsync(cancellationToken) ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await setup.IsSetUpAsync(cancellationToken))
        {
            setupCode.Complete();
            return NotFound();
        }

        return await RunAsync(
            async () =>
            {
                if (!setupCode.Accepts(SetupCode))
                {
                    throw new InputException(Setup.SetupCode.Field, Setup.SetupCode.Wrong);
                }

                if (Password != ConfirmPassword)
                {
                    throw new InputException(nameof(ConfirmPassword), "The two passwords differ. Type the same password twice.");
                }

                var done = await setup.HandleAsync(new CreateFirstCompany.Command(CompanyName, Email, Name, Password), cancellationToken);
                setupCode.Complete();
                await signIn.SignInAsync((await users.FindByIdAsync(done.UserId.ToString()))!, isPersistent: false);
                return $"{done.CompanyName} is set up, and you are its first Directory Admin (also ERP Integrations Admin and 'Can Push to Accounting'). " +
                    $"Next: {done.NextStep}, then add projects, cost codes and users.";
            },
            () => RedirectToPage("/ErpConnection/Index"),
            () => Task.CompletedTask);
    }
}
