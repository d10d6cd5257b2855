using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.Projects;

[Authorize(Policy = Permissions.ManageProjects)]
internal sealed class EditModel(Settings.Handler settings, Edit.Handler edit, LinkToErpJob.Handler link, UnlinkFromErpJob.Handler unlink) : FormPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ProjectId { get; set; }

    [BindProperty]
    public string? Number { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? ErpJobId { get; set; }

    public Settings.Result Project { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Project = await settings.HandleAsync(new Settings.Query(ProjectId), cancellationToken);
        if (Request.Method == HttpMethods.Get)
        {
            Number = Project.Number;
            Name = Project.Name;
        }
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        Run(async () => $"Project {await edit.HandleAsync(new Edit.Command(ProjectId, Number, Name), cancellationToken)} was saved.", cancellationToken);

    public Task<IActionResult> OnPostLinkAsync(CancellationToken cancellationToken) =>
        Run(() => link.HandleAsync(new LinkToErpJob.Command(ProjectId, ErpJobId), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostUnlinkAsync(CancellationToken cancellationToken) =>
        Run(() => unlink.HandleAsync(new UnlinkFromErpJob.Command(ProjectId), cancellationToken), cancellationToken);

    private Task<IActionResult> Run(Func<Task<string>> action, CancellationToken cancellationToken) =>
        RunAsync(action, () => RedirectToPage(new { projectId = ProjectId }), () => OnGetAsync(cancellationToken));
}
