using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

[Authorize(Policy = Permissions.ProjectAdmin)]
internal sealed class CreateModel(SubJobForm.Handler form, Create.Handler create) : FormPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ProjectId { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public List<Guid>? CostCodeIds { get; set; }

    public SubJobForm.Result Form { get; private set; } = null!;

    public SubJobFieldsView Fields => new(Form, Code, Description, CostCodeIds ?? [], CodeAndDescriptionLocked: false, Locked: false);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Form = await form.HandleAsync(new SubJobForm.Query(ProjectId, null), cancellationToken);

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                await create.HandleAsync(new Create.Command(ProjectId, Code, Description, CostCodeIds), cancellationToken);
                return $"Sub job {Code?.Trim()} was created. Send it to ERP when it is ready for accounting.";
            },
            () => RedirectToPage("/ProjectSubJobs/Index", new { projectId = ProjectId }),
            () => OnGetAsync(cancellationToken));
}
