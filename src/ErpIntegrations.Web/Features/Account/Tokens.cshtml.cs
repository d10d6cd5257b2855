using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features.Account;

[Authorize(Policy = Permissions.SignedIn)]
internal sealed class TokensModel(ListTokens.Handler list, CreateToken.Handler create, RevokeToken.Handler revoke) : PageModel
{
    private const string SuccessKey = "Success";

    [BindProperty]
    public string? Name { get; set; }

    // Never shown back.
    [BindProperty]
    public string? Password { get; set; }

    public IReadOnlyList<ListTokens.Row> Tokens { get; private set; } = [];

    // The secret just issued; rendered in this response only.
    public CreateToken.Result? Issued { get; private set; }

    public string? Success => Issued is null ? TempData[SuccessKey] as string : null;

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Tokens = await list.HandleAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            Issued = await create.HandleForCurrentUserAsync(Name, Password, cancellationToken);
            Name = null;
        }
        catch (InputException input)
        {
            Error = input.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        try
        {
            var name = await revoke.HandleAsync(new RevokeToken.Command(tokenId), cancellationToken);
            TempData[SuccessKey] = $"Token {name} was revoked. It no longer works.";
            return RedirectToPage();
        }
        catch (Exception e) when (e is DomainRuleException or NotFoundException)
        {
            Error = e.Message;
            Response.StatusCode = e is NotFoundException ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
            await OnGetAsync(cancellationToken);
            return Page();
        }
    }
}
