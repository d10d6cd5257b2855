using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features.Notifications;

[Authorize(Policy = Permissions.SeeCompanyEmails)]
internal sealed class IndexModel(List.Handler list) : PageModel
{
    public IReadOnlyList<List.Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Rows = await list.HandleAsync(cancellationToken);
}
