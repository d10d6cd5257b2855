using ErpIntegrations.Connectors.Sandbox;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features.SandboxErp;

internal sealed class IndexModel(Ledger.Handler ledger) : PageModel
{
    public bool IsForbidden { get; private set; }

    public bool IsSandbox { get; private set; }

    public string Ledger { get; private set; } = "";

    public IReadOnlyList<SandboxJobView> Jobs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await ledger.HandleAsync(cancellationToken);
            (IsSandbox, Ledger, Jobs) = (result.IsSandbox, result.Ledger, result.Jobs);
        }
        catch (ForbiddenException)
        {
            IsForbidden = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return Page();
    }
}
