using ErpIntegrations.Connectors.Sandbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features.SandboxErp;

[Authorize(Policy = Permissions.ViewSandboxErp)]
internal sealed class IndexModel(Ledger.Handler ledger) : PageModel
{
    public bool IsSandbox { get; private set; }

    public string Ledger { get; private set; } = "";

    public IReadOnlyList<SandboxJobView> Jobs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await ledger.HandleAsync(cancellationToken);
        (IsSandbox, Ledger, Jobs) = (result.IsSandbox, result.Ledger, result.Jobs);
    }
}
