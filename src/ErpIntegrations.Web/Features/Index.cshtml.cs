using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features;

[Authorize(Policy = Permissions.SignedIn)]
public sealed class IndexModel(CurrentUser currentUser, CurrentErp currentErp) : PageModel
{
    public string CompanyName { get; private set; } = "";

    public string ErpName { get; private set; } = "";

    public Navigation Navigation { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = await currentUser.GetActorAsync(cancellationToken);
        CompanyName = (await currentErp.CompanyAsync(cancellationToken)).Name;
        ErpName = (await currentErp.CapabilitiesAsync(cancellationToken)).DisplayName;
        Navigation = Navigation.For(actor);
    }
}
