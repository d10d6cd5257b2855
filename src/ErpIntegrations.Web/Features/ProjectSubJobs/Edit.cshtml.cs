using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

[Authorize(Policy = Permissions.ProjectAdmin)]
internal sealed class EditModel(SubJobForm.Handler form, Edit.Handler edit) : FormPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ProjectId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public List<Guid>? CostCodeIds { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public SubJobForm.Result Form { get; private set; } = null!;

    public SubJobForm.Current SubJob => Form.SubJob!;

    public SubJobFieldsView Fields => new(
        Form,
        SubJob.CodeAndDescriptionLocked ? SubJob.Code : Code,
        SubJob.CodeAndDescriptionLocked ? SubJob.Description : Description,
        CostCodeIds ?? [],
        SubJob.CodeAndDescriptionLocked,
        SubJob.Locked);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Code = SubJob.Code;
        Description = SubJob.Description;
        CostCodeIds = [.. SubJob.CostCodeIds];
        Version = SubJob.Version;
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                var saved = await edit.HandleAsync(new Edit.Command(ProjectId, Id, Version, Code, Description, CostCodeIds), cancellationToken);
                return saved.Changed ? $"Sub job {saved.Code} was saved." : $"Sub job {saved.Code} had no changes to save.";
            },
            () => RedirectToPage("/ProjectSubJobs/Details", new { projectId = ProjectId, id = Id }),
            () => LoadAsync(cancellationToken));

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Form = await form.HandleAsync(new SubJobForm.Query(ProjectId, Id), cancellationToken);
}
