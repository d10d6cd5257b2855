using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

// Send to ERP, Retrieve from ERP and Resend to ERP as posted from a page that lists sub jobs (the project's
// list and a sub job's own page), answered as every form is (FormPageModel). Each action needs
// Permissions.ProjectAdmin, more than the page itself.
internal abstract class SubJobActionsPageModel : FormPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ProjectId { get; set; }

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

    private Task<IActionResult> RunAsync(Func<Task<string>> action, CancellationToken cancellationToken) =>
        RunAsync(action, () => RedirectToPage(), () => LoadAsync(cancellationToken));
}
