using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.ErpConnection;

[Authorize(Policy = Permissions.ConfigureErpConnection)]
internal sealed class IndexModel(Show.Handler show, ChangeConnection.Handler change, AddSandboxJob.Handler addJob) : FormPageModel
{
    [BindProperty]
    public string? Connector { get; set; }

    [BindProperty]
    public string? Connection { get; set; }

    [BindProperty]
    public string? JobId { get; set; }

    [BindProperty]
    public string? JobName { get; set; }

    public Show.Result View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        View = await show.HandleAsync(cancellationToken);
        if (Request.Method == HttpMethods.Get)
        {
            Connector = View.Connector;
            Connection = View.Connection;
        }
    }

    public Task<IActionResult> OnPostConnectionAsync(CancellationToken cancellationToken) =>
        Run(() => change.HandleAsync(new ChangeConnection.Command(Connector, null, Connection), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostAddJobAsync(CancellationToken cancellationToken) =>
        Run(
            async () => $"Job {await addJob.HandleAsync(new AddSandboxJob.Command(JobId, JobName), cancellationToken)} was added to the Sandbox ERP. Link a project to it on the project's page.",
            cancellationToken);

    private Task<IActionResult> Run(Func<Task<string>> action, CancellationToken cancellationToken) =>
        RunAsync(action, () => RedirectToPage(), () => OnGetAsync(cancellationToken));
}
