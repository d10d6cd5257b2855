using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.ProjectSubJobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features;

/// <summary>
/// A page whose forms call use cases: success is a redirect with a message (Post-Redirect-Get); invalid input is
/// shown beside its fields (400); a refused rule or a lost race is shown as an alert (409). Forbidden and not found
/// fall through to the app's problem handling, as on every other page.
/// </summary>
public abstract class FormPageModel : PageModel
{
    public const string SuccessKey = "Success";

    public string? Success => TempData[SuccessKey] as string;

    public string? Error { get; protected set; }

    protected async Task<IActionResult> RunAsync(Func<Task<string>> action, Func<IActionResult> redirect, Func<Task> reload)
    {
        try
        {
            TempData[SuccessKey] = await action();
            return redirect();
        }
        catch (InputException input)
        {
            ModelState.AddInputErrors(input);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (Exception e) when (e is DomainRuleException or DbUpdateConcurrencyException)
        {
            Error = Problems.MessageFor(e);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        await reload();
        return Page();
    }
}
