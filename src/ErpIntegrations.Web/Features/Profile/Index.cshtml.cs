using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Profile;

[Authorize(Policy = Permissions.SignedIn)]
internal sealed class IndexModel(AppDbContext db, CurrentUser currentUser, UpdateDigestSubscription.Handler update) : PageModel
{
    public string Name { get; private set; } = "";

    public string Email { get; private set; } = "";

    public bool IsApprover { get; private set; }

    [BindProperty]
    public bool SubscribeToDigest { get; set; }

    [TempData]
    public string? Success { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = await currentUser.GetActorAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == actor.UserId, cancellationToken);
        Name = user.DisplayName;
        Email = user.Email ?? "";
        IsApprover = Access.CanApprove(actor);
        SubscribeToDigest = user.SubscribeToDigest;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await update.HandleAsync(new UpdateDigestSubscription.Command(SubscribeToDigest), cancellationToken);
        Success = SubscribeToDigest
            ? "You are subscribed to the ERP Integrations Daily Summary."
            : "You no longer receive the ERP Integrations Daily Summary.";
        return RedirectToPage();
    }
}
