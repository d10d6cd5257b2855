using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Profile;

[Authorize(Policy = Permissions.SignedIn)]
internal sealed class IndexModel(AppDbContext db, CurrentUser currentUser, UpdateDigestSubscription.Handler update, ChangeTimeZone.Handler changeTimeZone) : PageModel
{
    public string Name { get; private set; } = "";

    public string Email { get; private set; } = "";

    public bool IsApprover { get; private set; }

    [BindProperty]
    public bool SubscribeToDigest { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    public string? TimeZoneError { get; private set; }

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
        TimeZone ??= user.TimeZone ?? "UTC";
    }

    // Each person sets their own zone only.
    [HandlerPolicy(Permissions.SignedIn)]
    public async Task<IActionResult> OnPostTimeZoneAsync(CancellationToken cancellationToken)
    {
        try
        {
            await changeTimeZone.HandleAsync(new ChangeTimeZone.Command(TimeZone), cancellationToken);
        }
        catch (InputException invalid)
        {
            TimeZoneError = invalid.Message;
            var posted = TimeZone;
            await OnGetAsync(cancellationToken);
            TimeZone = posted;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Success = $"Times are shown in {TimeZones.Name(TimeZones.Find(TimeZone))} ({TimeZones.Find(TimeZone).Id}).";
        return RedirectToPage();
    }

    // The browser's own zone, posted by js/site.js on the first page while the profile has none: 204, or problem details.
    [HandlerPolicy(Permissions.SignedIn)]
    public async Task<IActionResult> OnPostBrowserTimeZoneAsync(CancellationToken cancellationToken)
    {
        try
        {
            await changeTimeZone.HandleAsync(new ChangeTimeZone.Command(TimeZone, FromBrowser: true), cancellationToken);
            return new NoContentResult();
        }
        catch (InputException invalid)
        {
            return new ObjectResult(Problems.For(invalid)) { StatusCode = StatusCodes.Status400BadRequest, ContentTypes = { "application/problem+json" } };
        }
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
