using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.Directory;

[Authorize(Policy = Permissions.ManageDirectory)]
internal sealed class AddModel(AddUser.Handler add) : FormPageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public PermissionLevel ErpIntegrationsLevel { get; set; }

    [BindProperty]
    public bool IsDirectoryAdmin { get; set; }

    // "link" sends a one-time set-password link by email; "password" sets the initial password typed here.
    [BindProperty]
    public string PasswordChoice { get; set; } = "link";

    [BindProperty]
    public string? Password { get; set; }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                var sendLink = PasswordChoice != "password";
                await add.HandleAsync(new AddUser.Command(Name, Email, ErpIntegrationsLevel, IsDirectoryAdmin, sendLink, sendLink ? null : Password), cancellationToken);
                return sendLink
                    ? $"{Name?.Trim()} was added. A one-time link to set their password was emailed to {Email?.Trim()}."
                    : $"{Name?.Trim()} was added with the initial password you chose. Give it to them privately; they choose their own when they first sign in.";
            },
            () => RedirectToPage("/Directory/Index"),
            () => Task.CompletedTask);
}
