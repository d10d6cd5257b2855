using Microsoft.AspNetCore.Authorization;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

[Authorize(Policy = Permissions.ProjectViewer)]
internal sealed class IndexModel(List.Handler list) : SubJobActionsPageModel
{
    public List.Result View { get; private set; } = null!;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        View = await list.HandleAsync(new List.Query(ProjectId), cancellationToken);
}
