using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;

namespace ErpIntegrations.Web.Features.Projects;

[Authorize(Policy = Permissions.SignedIn)]
internal sealed class IndexModel(List.Handler list, CurrentUser currentUser) : FormPageModel
{
    public IReadOnlyList<List.Row> Projects { get; private set; } = [];

    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Projects = await list.HandleAsync(cancellationToken);
        CanManage = Access.CanManageProjects(await currentUser.GetActorAsync(cancellationToken));
    }
}
