using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.Directory;

[Authorize(Policy = Permissions.ManageDirectory)]
internal sealed class UserModel(
    UserDetails.Handler details,
    ChangeAccess.Handler changeAccess,
    SetProjectLevel.Handler setProjectLevel,
    Deactivate.Handler deactivate,
    Reactivate.Handler reactivate,
    SendSetPasswordLink.Handler sendLink) : FormPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid UserId { get; set; }

    public UserDetails.Result Person { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Person = await details.HandleAsync(new UserDetails.Query(UserId), cancellationToken);

    public Task<IActionResult> OnPostAccessAsync(PermissionLevel? erpIntegrationsLevel, bool isDirectoryAdmin, CancellationToken cancellationToken) =>
        Run(async () => $"{await changeAccess.HandleAsync(new ChangeAccess.Command(UserId, Chosen(erpIntegrationsLevel, "ErpIntegrationsLevel"), isDirectoryAdmin), cancellationToken)}'s access was saved.", cancellationToken);

    public Task<IActionResult> OnPostProjectLevelAsync(Guid projectId, PermissionLevel? level, CancellationToken cancellationToken) =>
        Run(
            async () =>
            {
                var done = await setProjectLevel.HandleAsync(new SetProjectLevel.Command(UserId, projectId, Chosen(level, "Level")), cancellationToken);
                return $"{done.UserName} now has '{done.Level.ToDisplay()}' on the Admin tool of project {done.Project}.";
            },
            cancellationToken);

    public Task<IActionResult> OnPostDeactivateAsync(CancellationToken cancellationToken) =>
        Run(async () => $"{await deactivate.HandleAsync(new Deactivate.Command(UserId), cancellationToken)} was deactivated: they can no longer sign in, and their history stays.", cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(CancellationToken cancellationToken) =>
        Run(async () => $"{await reactivate.HandleAsync(new Reactivate.Command(UserId), cancellationToken)} was reactivated and can sign in again.", cancellationToken);

    public Task<IActionResult> OnPostSendLinkAsync(CancellationToken cancellationToken) =>
        Run(async () => $"A one-time link to set a password was emailed to {await sendLink.HandleAsync(new SendSetPasswordLink.Command(UserId), cancellationToken)}.", cancellationToken);

    // A level the form really sent: a missing or unreadable one must not silently become None.
    private PermissionLevel Chosen(PermissionLevel? level, string field) =>
        level is { } chosen && ModelState.IsValid && Enum.IsDefined(chosen)
            ? chosen
            : throw new InputException(field, "Choose None, Read Only, Standard or Admin.");

    private Task<IActionResult> Run(Func<Task<string>> action, CancellationToken cancellationToken) =>
        RunAsync(action, () => RedirectToPage(new { userId = UserId }), () => OnGetAsync(cancellationToken));
}
