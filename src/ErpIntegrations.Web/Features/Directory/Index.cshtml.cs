using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Directory;

[Authorize(Policy = Permissions.ViewDirectory)]
internal sealed class IndexModel(List.Handler list, GrantApprover.Handler grant) : PageModel
{
    private const string SuccessKey = "Success";

    public List.Result View { get; private set; } = null!;

    public string? Success => TempData[SuccessKey] as string;

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        View = await list.HandleAsync(cancellationToken);

    [HandlerPolicy(Permissions.GrantApprover)]
    public Task<IActionResult> OnPostGrantAsync(Guid userId, CancellationToken cancellationToken) =>
        SetAsync(userId, canPushToAccounting: true, cancellationToken);

    [HandlerPolicy(Permissions.GrantApprover)]
    public Task<IActionResult> OnPostRevokeAsync(Guid userId, CancellationToken cancellationToken) =>
        SetAsync(userId, canPushToAccounting: false, cancellationToken);

    private async Task<IActionResult> SetAsync(Guid userId, bool canPushToAccounting, CancellationToken cancellationToken)
    {
        try
        {
            var name = await grant.HandleAsync(new GrantApprover.Command(userId, canPushToAccounting), cancellationToken);
            TempData[SuccessKey] = canPushToAccounting
                ? $"{name} is now an accounting approver ('Can Push to Accounting')."
                : $"{name} is no longer an accounting approver.";
            return RedirectToPage();
        }
        catch (Exception e) when (e is DomainRuleException or DbUpdateConcurrencyException)
        {
            Error = e is DbUpdateConcurrencyException ? "Someone else changed this user at the same moment. Reload the page and try again." : e.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            await OnGetAsync(cancellationToken);
            return Page();
        }
    }
}
