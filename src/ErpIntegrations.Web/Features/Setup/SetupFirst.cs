using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Setup;

// While no company exists, the start page sends whoever opens it to /setup rather than to a sign-in nobody can pass.
internal static class SetupFirst
{
    public static IApplicationBuilder UseSetupFirst(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var code = http.RequestServices.GetRequiredService<SetupCode>();
            if (HttpMethods.IsGet(http.Request.Method) && http.Request.Path == "/" && !code.IsKnownSetUp)
            {
                if (!await http.RequestServices.GetRequiredService<AppDbContext>().Companies.IgnoreQueryFilters().AnyAsync(http.RequestAborted))
                {
                    http.Response.Redirect("/setup");
                    return;
                }

                code.Complete();
            }

            await next(http);
        });
}
