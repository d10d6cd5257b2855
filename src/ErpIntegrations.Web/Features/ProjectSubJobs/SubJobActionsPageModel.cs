using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

/// <summary>
/// Send to ERP, Retrieve from ERP and Resend to ERP as posted from a page that lists sub jobs (the project's
/// list and a sub job's own page). Success redirects back with a message; a refusal shows the page again with
/// the reason. Each action needs <see cref="Permissions.ProjectAdmin"/>, more than the page itself; foreign ids (404)
/// are left to the problem handler.
/// </summary>
internal abstract class SubJobActionsPageModel : PageModel
{
    public const string SuccessKey = "Success";

    [BindProperty(SupportsGet = true)]
    public Guid ProjectId { get; set; }

    public string? Error { get; private set; }

    public string? Success => TempData[SuccessKey] as string;

    [HandlerPolicy(Permissions.ProjectAdmin)]
    public Task<IActionResult> OnPostSendAsync(Guid subJobId, int? version, [FromServices] SendToErp.Handler handler, CancellationToken cancellationToken) =>
        RunAsync(
            async () => $"{await handler.HandleAsync(new SendToErp.Command(ProjectId, subJobId, version), cancellationToken)} was sent to ERP. It is Ready to Export and waits for an accounting approver.",
            cancellationToken);

    [HandlerPolicy(Permissions.ProjectAdmin)]
    public Task<IActionResult> OnPostRetrieveAsync(Guid subJobId, int? version, [FromServices] RetrieveFromErp.Handler handler, CancellationToken cancellationToken) =>
        RunAsync(
            async () => $"{await handler.HandleAsync(new RetrieveFromErp.Command(ProjectId, subJobId, version), cancellationToken)} was retrieved from ERP. Edit it and resend it when it is ready.",
            cancellationToken);

    [HandlerPolicy(Permissions.ProjectAdmin)]
    public Task<IActionResult> OnPostResendAsync(Guid subJobId, int? version, [FromServices] SendToErp.Handler handler, CancellationToken cancellationToken) =>
        RunAsync(
            async () => $"{await handler.HandleAsync(new SendToErp.Command(ProjectId, subJobId, version, Resend: true), cancellationToken)} was resent to ERP. It is Ready to Export and waits for an accounting approver.",
            cancellationToken);

    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    private async Task<IActionResult> RunAsync(Func<Task<string>> action, CancellationToken cancellationToken)
    {
        try
        {
            TempData[SuccessKey] = await action();
            return RedirectToPage();
        }
        catch (Exception e) when (e is DomainRuleException or DbUpdateConcurrencyException)
        {
            Error = Problems.MessageFor(e);
            await LoadAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }
}
