using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.ErpConnection;

// One form per connector, rendered from its settings; Save connection and Test connection post the same form. A test
// answers on the page itself, with the entered values kept (secrets aside), since nothing was saved.
[Authorize(Policy = Permissions.ConfigureErpConnection)]
internal sealed class IndexModel(Show.Handler show, ChangeConnection.Handler change, TestConnection.Handler test, AddSandboxJob.Handler addJob, ConnectorCredentials.Handler credentials, RotateWebhookSecret.Handler rotate) : FormPageModel
{
    [BindProperty]
    public string? Connector { get; set; }

    // The posted connector's settings by name (Settings[url]); a secret left empty keeps the stored one.
    [BindProperty]
    public Dictionary<string, string?> Settings { get; set; } = [];

    [BindProperty]
    public string? JobId { get; set; }

    [BindProperty]
    public string? JobName { get; set; }

    public Show.Result View { get; private set; } = null!;

    public TestConnection.Result? Tested { get; private set; }

    [BindProperty]
    public string? CredentialName { get; set; }

    // The connector credentials, when the company's ERP is written by an integrator.
    public IReadOnlyList<ConnectorCredentials.Row>? Credentials { get; private set; }

    // A new credential's token or webhook secret, shown on this answer only: it is never shown again.
    public (string What, string Value)? ShownOnce { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        View = await show.HandleAsync(cancellationToken);
        Credentials = View.IsIntegrator ? (await credentials.ListAsync(cancellationToken)).Items : null;
        if (Request.Method == HttpMethods.Get)
        {
            Connector = View.Connector;
            Settings = View.Settings.ToDictionary(p => p.Key, p => (string?)p.Value);
        }
    }

    // The form of this connector is the one posted (or, on a GET, the current one).
    public bool IsPosted(string connector) => string.Equals(connector, Connector?.Trim(), StringComparison.OrdinalIgnoreCase);

    // The value a field of the posted (or current) connector's form shows; never a secret's.
    public string? ValueOf(string connector, ConnectorSettings.Field field) =>
        field.IsSecret || !IsPosted(connector) ? null : Settings.FirstOrDefault(p => string.Equals(p.Key, field.Name, StringComparison.OrdinalIgnoreCase)).Value;

    public Task<IActionResult> OnPostConnectionAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                var message = await change.HandleAsync(Entered(), cancellationToken);
                if (await credentials.CreateFirstAsync(cancellationToken) is not { } created)
                {
                    TempData[SuccessKey] = message;
                    return RedirectToPage();
                }

                ShownOnce = ($"{message} Its first connector credential, {created.Name}: copy its token now, it is not shown again.", created.Token);
                await OnGetAsync(cancellationToken);
                return Page();
            },
            () => OnGetAsync(cancellationToken));

    public Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                Tested = await test.HandleAsync(Entered(), cancellationToken);
                await OnGetAsync(cancellationToken);
                return Page();
            },
            () => OnGetAsync(cancellationToken));

    public Task<IActionResult> OnPostAddJobAsync(CancellationToken cancellationToken) =>
        Run(
            async () => $"Job {await addJob.HandleAsync(new AddSandboxJob.Command(JobId, JobName), cancellationToken)} was added to the Sandbox ERP. Link a project to it on the project's page.",
            cancellationToken);

    public Task<IActionResult> OnPostCreateCredentialAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                var created = await credentials.CreateAsync(CredentialName, cancellationToken);
                ShownOnce = ($"Connector credential {created.Name}: copy its token now, it is not shown again.", created.Token);
                CredentialName = null;
                await OnGetAsync(cancellationToken);
                return Page();
            },
            () => OnGetAsync(cancellationToken));

    public Task<IActionResult> OnPostRevokeCredentialAsync(Guid id, CancellationToken cancellationToken) =>
        Run(async () => $"Connector credential {await credentials.RevokeAsync(id, cancellationToken)} was revoked; it no longer works.", cancellationToken);

    public Task<IActionResult> OnPostRotateWebhookSecretAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                var rotated = await rotate.HandleAsync(cancellationToken);
                ShownOnce = ("Webhook secret: copy it now into the integrator's receiver, it is not shown again. The previous secret no longer signs.", rotated.Secret);
                await OnGetAsync(cancellationToken);
                return Page();
            },
            () => OnGetAsync(cancellationToken));

    private ChangeConnection.Command Entered() => new(Connector, Settings, null);

    private Task<IActionResult> Run(Func<Task<string>> action, CancellationToken cancellationToken) =>
        RunAsync(action, () => RedirectToPage(), () => OnGetAsync(cancellationToken));
}
