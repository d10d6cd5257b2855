using ErpIntegrations.Connectors.Sandbox;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.SandboxErp;

/// <summary>
/// The Sandbox ERP's own read-only view of the company's ledger: where a person "logs into the ERP" to
/// verify that an export arrived. It reads the Sandbox ERP's store, not ERP Integrations' database.
/// </summary>
public sealed class IndexModel(AppDbContext db, CurrentUser currentUser, SandboxErpStore store) : PageModel
{
    public bool IsForbidden { get; private set; }

    public bool IsSandbox { get; private set; }

    public string Ledger { get; private set; } = "";

    public IReadOnlyList<SandboxJobView> Jobs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = await currentUser.GetActorAsync(cancellationToken);
        if (!Access.CanViewErpIntegrations(actor))
        {
            IsForbidden = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
        IsSandbox = company.ErpConnector == SandboxErpServiceCollectionExtensions.ConnectorName;
        if (IsSandbox)
        {
            Ledger = company.ErpConnection;
            Jobs = await store.ListLedgerAsync(company.ErpConnection, cancellationToken);
        }

        return Page();
    }
}
