using System.Reflection;
using ErpIntegrations.Web.Features.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ErpIntegrations.Web.Features;

// Answers a refused policy in its own words, as a refused use case always has: the API with 403 problem details
// whose detail is the sentence, a page with 403 and the sentence on the error page (404 when the route's record is
// not the company's; a redirect to /set-password while the person must choose their own password). Anything else (a challenge, a refusal without a sentence) is left to ASP.NET Core.
internal sealed class Refusals(AuthorizationMiddlewareResultHandler fallback) : IAuthorizationMiddlewareResultHandler
{
    public const string AskForAccess = "Ask your company's Directory Admin for access.";

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<Refusal>().FirstOrDefault() is { } refusal)
        {
            await WriteAsync(context, refusal);
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }

    public static async Task WriteAsync(HttpContext context, Refusal refusal)
    {
        var notFound = refusal is NotFoundRefusal;
        var request = context.Request;

        // A form post without a valid antiforgery token is refused as such before anything else, as it was when the
        // antiforgery filter ran before every check: a forged cross-site post learns nothing about permissions.
        if (!request.Path.StartsWithSegments(ApiSetup.Prefix, StringComparison.OrdinalIgnoreCase)
            && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (ProblemExceptionHandler.IsApi(request))
        {
            var problem = notFound ? Problems.NotFound(refusal.Message) : Problems.Forbidden(refusal.Message);
            context.Response.StatusCode = problem.Status!.Value;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
            return;
        }

        if (refusal is PasswordChangeRefusal)
        {
            context.Response.Redirect("/set-password");
            return;
        }

        // A page: the status code page (Account/Error) renders the sentence.
        context.Response.StatusCode = notFound ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden;
        context.Items[ProblemExceptionHandler.ErrorMessageKey] = refusal.AskForAccess ? $"{refusal.Message} {AskForAccess}" : refusal.Message;
    }
}

// A page handler that needs more than its page: Razor Pages authorizes a page as a whole, so a POST handler that
// asks a stricter policy than the page's GET (accepting on the list anyone may view) names it here, beside the
// handler, and HandlerPolicies checks it before the handler runs.
[AttributeUsage(AttributeTargets.Method)]
internal sealed class HandlerPolicyAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;
}

internal sealed class HandlerPolicies : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod?.MethodInfo.GetCustomAttribute<HandlerPolicyAttribute>() is { } required)
        {
            var http = context.HttpContext;
            var result = await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, http, required.Policy);
            if (!result.Succeeded)
            {
                if (result.Failure?.FailureReasons.OfType<Refusal>().FirstOrDefault() is { } refusal)
                {
                    await Refusals.WriteAsync(http, refusal);
                }
                else
                {
                    http.Response.StatusCode = StatusCodes.Status403Forbidden;
                }

                context.Result = new EmptyResult();
                return;
            }
        }

        await next();
    }
}
