using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ErpIntegrations.Web.Features.Account;

// The readable page behind a status code a page ended with (403, 404, 409, 500 ...). A form post that ends
// with one is re-executed here as a POST, so the page answers both; it checks no antiforgery token, since a
// missing or expired token is one of the things it explains.
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    // From the route only: a re-executed form post still carries its fields, and a sub job form's "Code" would bind here.
    public void OnPost([FromRoute] int code) => OnGet(code);

    public void OnGet([FromRoute] int code)
    {
        var detail = HttpContext.Items[ProblemExceptionHandler.ErrorMessageKey] as string;
        (Title, var fallback) = code switch
        {
            400 => ("The request could not be used", "Something in the request was not valid, or the form had expired. Go back, reload the page and try again."),
            401 => ("Sign in first", "Sign in to ERP Integrations to open this page."),
            403 => (HttpMethods.IsGet(Request.Method) ? "You do not have permission to open this page" : "You do not have permission to do this", Refusals.AskForAccess),
            404 => ("Not found", "This page or record does not exist, or it belongs to another company."),
            409 => ("This action is not allowed now", "The record changed or is in a state that does not allow this. Reload it and try again."),
            429 => ("Too many attempts", "Too many attempts from your address or for this account in a short time. Wait a minute, then try again."),
            502 => ("The ERP refused the request", "The ERP answered with an error. Check the ERP connection, then try again."),
            503 => ("The ERP is not answering", "The ERP could not be reached. Nothing was changed; try again in a moment."),
            _ => ("Something went wrong", "ERP Integrations could not finish this request. Nothing was changed; try again in a moment."),
        };
        Message = detail ?? fallback;
    }
}
