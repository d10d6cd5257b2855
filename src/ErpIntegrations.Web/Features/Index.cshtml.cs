using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Exports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features;

[Authorize(Policy = Permissions.SignedIn)]
public sealed class IndexModel(AppDbContext db, CurrentUser currentUser, ErpConnectors connectors) : PageModel
{
    public string CompanyName { get; private set; } = "";

    public string ErpName { get; private set; } = "";

    public Navigation Navigation { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = await currentUser.GetActorAsync(cancellationToken);
        var company = await db.Companies.SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
        CompanyName = company.Name;
        ErpName = connectors.For(company).Capabilities.DisplayName;
        Navigation = Navigation.For(actor);
    }
}
