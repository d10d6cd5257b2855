using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.CostCodes;

[Authorize(Policy = Permissions.ManageCostCodes)]
internal sealed class IndexModel(List.Handler list, Create.Handler create, Deactivate.Handler deactivate, Reactivate.Handler reactivate) : FormPageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    public IReadOnlyList<List.Row> CostCodes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        CostCodes = await list.HandleAsync(cancellationToken);

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        Run(
            async () =>
            {
                await create.HandleAsync(new Create.Command(Code, Description), cancellationToken);
                return $"Cost code {Code?.Trim()} was added.";
            },
            cancellationToken);

    public Task<IActionResult> OnPostDeactivateAsync(Guid costCodeId, CancellationToken cancellationToken) =>
        Run(async () => $"Cost code {await deactivate.HandleAsync(new Deactivate.Command(costCodeId), cancellationToken)} was deactivated: it is no longer offered for sub jobs, and the sub jobs that use it keep it.", cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(Guid costCodeId, CancellationToken cancellationToken) =>
        Run(async () => $"Cost code {await reactivate.HandleAsync(new Reactivate.Command(costCodeId), cancellationToken)} is active again.", cancellationToken);

    private Task<IActionResult> Run(Func<Task<string>> action, CancellationToken cancellationToken) =>
        RunAsync(action, () => RedirectToPage(), () => OnGetAsync(cancellationToken));
}
