using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.CostCodes;

[Authorize(Policy = Permissions.ManageCostCodes)]
internal sealed class EditModel(List.Handler list, Edit.Handler edit) : FormPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    public List.Row CostCode { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CostCode = (await list.HandleAsync(cancellationToken)).SingleOrDefault(c => c.Id == Id) ?? throw new NotFoundException("The cost code");
        if (Request.Method == HttpMethods.Get)
        {
            Code = CostCode.Code;
            Description = CostCode.Description;
        }
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () => $"Cost code {await edit.HandleAsync(new Edit.Command(Id, Code, Description), cancellationToken)} was saved.",
            () => RedirectToPage("/CostCodes/Index"),
            () => OnGetAsync(cancellationToken));
}
