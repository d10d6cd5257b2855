using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.Webhooks;

[Authorize(Policy = Permissions.ManageWebhooks)]
internal sealed class IndexModel(List.Handler list, Redeliver.Handler redeliver) : FormPageModel
{
    public IReadOnlyList<List.Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Rows = await list.HandleAsync(cancellationToken);

    public Task<IActionResult> OnPostRedeliverAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(
            async () => $"Webhook {await redeliver.HandleAsync(id, cancellationToken)} will be delivered again now.",
            () => RedirectToPage(),
            () => OnGetAsync(cancellationToken));
}
