using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Features.ProjectSubJobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features;

// A page whose forms call use cases, and the one way they answer: success is a redirect, usually with a message
// (Post-Redirect-Get); a refused use case shows the page again in its own words and status — invalid input beside
// its fields (400), a refused rule, a lost race or an unknown record as an alert (409, 404). A post that asks for
// JSON (a page's script) gets the same refusal as problem details. Permissions are the page's policies, checked
// before any of this runs.
public abstract class FormPageModel : PageModel
{
    public const string SuccessKey = "Success";

    public string? Success => TempData[SuccessKey] as string;

    // The refusal no field can show (a rule, a race, an unknown record), as an alert.
    public string? Error { get; private set; }

    // The first field a refused input names; its message is in the model state, and in FieldError.
    public string? ErrorField { get; private set; }

    public string? FieldError => ErrorField is { } name ? ModelState[name]?.Errors.FirstOrDefault()?.ErrorMessage : null;

    // The refusal of a form that sent more values for a field than a form is read with (ReadableForms); a page whose
    // field takes a bounded selection says so in its own words.
    public virtual InputException TooManyValues(string field, int count) => ReadableForms.TooManyValuesRefusal(field, count);

    protected bool WantsJson => Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    protected Task<IActionResult> RunAsync(Func<Task<string>> action, Func<IActionResult> redirect, Func<Task> reload) =>
        RunAsync(
            async () =>
            {
                TempData[SuccessKey] = await action();
                return redirect();
            },
            reload);

    protected async Task<IActionResult> RunAsync(Func<Task<IActionResult>> action, Func<Task> reload)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (Problems.For(e) is { } problem)
        {
            if (WantsJson)
            {
                return new JsonResult(problem) { StatusCode = problem.Status, ContentType = "application/problem+json" };
            }

            // What the refused use case changed before it threw is not saved, and must not leak into the reload.
            HttpContext.RequestServices.GetRequiredService<AppDbContext>().ChangeTracker.Clear();
            if (e is InputException input)
            {
                ModelState.AddInputErrors(input);
                ErrorField = input.Errors.Keys.FirstOrDefault();
            }
            else
            {
                Error = Problems.MessageFor(e);
            }

            Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        }

        await reload();
        return Page();
    }
}
