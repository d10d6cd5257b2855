using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ErpIntegrations.Web.Features.Projects;

[Authorize(Policy = Permissions.ManageProjects)]
internal sealed class NewModel(Create.Handler create) : FormPageModel
{
    [BindProperty]
    public string? Number { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Guid id = default;
        return await RunAsync(
            async () =>
            {
                id = await create.HandleAsync(new Create.Command(Number, Name), cancellationToken);
                return $"Project {Number?.Trim()} {Name?.Trim()} was added. Link it to an ERP job so that its sub jobs can be sent to ERP.";
            },
            () => RedirectToPage("/Projects/Edit", new { projectId = id }),
            () => Task.CompletedTask);
    }
}
