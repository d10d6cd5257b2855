using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

[Authorize(Policy = Permissions.ProjectAdmin)]
internal sealed class CreateModel(SubJobForm.Handler form, Create.Handler create) : PageModel
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

    public string? Error { get; private set; }

    public SubJobFieldsView Fields => new(Form, Code, Description, CostCodeIds ?? [], CodeAndDescriptionLocked: false, Locked: false);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Form = await form.HandleAsync(new SubJobForm.Query(ProjectId, null), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await create.HandleAsync(new Create.Command(ProjectId, Code, Description, CostCodeIds), cancellationToken);
            TempData[SubJobActionsPageModel.SuccessKey] = $"Sub job {Code?.Trim()} was created. Send it to ERP when it is ready for accounting.";
            return RedirectToPage("/ProjectSubJobs/Index", new { projectId = ProjectId });
        }
        catch (InputException input)
        {
            ModelState.AddInputErrors(input);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (Exception e) when (e is DomainRuleException or DbUpdateConcurrencyException)
        {
            Error = Problems.MessageFor(e);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }
}
