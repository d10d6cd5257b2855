using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

[Authorize(Policy = Permissions.ProjectViewer)]
internal sealed class DetailsModel(Details.Handler details) : SubJobActionsPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Details.Result View { get; private set; } = null!;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        View = await details.HandleAsync(new Details.Query(ProjectId, Id), cancellationToken);
}
