using ErpIntegrations.Connectors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features.SandboxErp;

[Authorize(Policy = Permissions.ViewSandboxErp)]
internal sealed class IndexModel(Ledger.Handler ledger) : PageModel
{
    public Ledger.Result View { get; private set; } = null!;

    public IReadOnlyList<ErpLedgerJob> Jobs => View.Jobs;

    public async Task OnGetAsync(CancellationToken cancellationToken) => View = await ledger.HandleAsync(cancellationToken);
}
