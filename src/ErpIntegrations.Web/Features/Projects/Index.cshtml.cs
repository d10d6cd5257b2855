using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.Projects;

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
