using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features.Projects;

internal sealed class IndexModel(List.Handler list) : PageModel
{
    public IReadOnlyList<List.Row> Projects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Projects = await list.HandleAsync(cancellationToken);
}
