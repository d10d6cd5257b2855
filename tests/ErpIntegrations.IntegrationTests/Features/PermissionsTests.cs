using System.Net;
using System.Reflection;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Features;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Features;

public sealed class PermissionsTests
{
    /// <summary>Routes open to anyone: signing in, setting a password, the first-run setup, the error page, health and the API's description.</summary>
    private static readonly HashSet<string> Anonymous =
    [
        "/signin",
        "/set-password",
        "/setup",
        "/error/{code:int}",
        "/health",
        "/health/live",
        "/health/ready",
        "GET /openapi/{documentName}.json",
        "GET /scalar/{documentName?}",
        "GET /scalar/scalar.js",
        "GET /scalar/scalar.aspnetcore.js",
        "GET /scalar/favicon.svg",
        "POST /api/v1/tokens",
    ];

    /// <summary>Routes that need a sign-in and nothing more, not even an active account.</summary>
    private static readonly HashSet<string> SignInOnly = ["/signout"];

    private static readonly HashSet<string> Policies = [.. typeof(Permissions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)];

    [Fact]
    public async Task EveryEndpointAndPage_NamesAPermission_OrIsOpenOnPurpose()
    {
        await using var app = new AppFactory();
        app.CreateClient().Dispose();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var seen = new HashSet<string>();
        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var route = Describe(endpoint);
            seen.Add(route);
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var named = authorize.Select(a => a.Policy).OfType<string>().Where(Policies.Contains).ToList();
            var ok = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                ? Anonymous.Contains(route)
                : named.Count > 0 || (SignInOnly.Contains(route) && authorize.Count > 0);
            if (!ok)
            {
                wrong.Add($"{route} (policies: {string.Join(", ", authorize.Select(a => a.Policy ?? "authenticated"))})");
            }
        }

        wrong.ShouldBeEmpty("every route names one of Permissions' policies, or is on a list of open routes in this test");
        Anonymous.Concat(SignInOnly).Where(r => !seen.Contains(r)).ShouldBeEmpty("the open routes listed here exist");
        seen.ShouldContain("POST /api/v1/erp/sub-jobs/{id:guid}/accept");
        seen.ShouldContain("/erp-integrations/sub-jobs");
    }

    /// <summary>Page policies that let a person look but not act: a POST on such a page must name what acting needs.</summary>
    private static readonly HashSet<string> ViewOnly = [Permissions.ViewErpTool, Permissions.ViewSandboxErp, Permissions.ViewDirectory, Permissions.ProjectViewer, Permissions.SignedIn];

    /// <summary>POST handlers on a view-only page that need no more than its page: the person's own tokens.</summary>
    private static readonly HashSet<string> OwnThings = ["TokensModel.OnPostCreateAsync", "TokensModel.OnPostRevokeAsync", "IndexModel.OnPostAsync@Profile"];

    [Fact]
    public void EveryPostHandler_OnAPageThatOnlyLetsPeopleLook_NamesItsOwnPolicy()
    {
        var pages = typeof(Permissions).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel).IsAssignableFrom(t) && !t.IsAbstract);
        var wrong = new List<string>();
        var checkedHandlers = 0;
        foreach (var page in pages)
        {
            var pagePolicy = page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(a => a.Policy).FirstOrDefault(p => p is not null);
            if (pagePolicy is null || !ViewOnly.Contains(pagePolicy))
            {
                continue;
            }

            foreach (var handler in page.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
            {
                checkedHandlers++;
                var name = $"{page.Name}.{handler.Name}";
                var area = page.Namespace?[(page.Namespace.LastIndexOf('.') + 1)..];
                if (handler.GetCustomAttribute<HandlerPolicyAttribute>() is null && !OwnThings.Contains(name) && !OwnThings.Contains($"{name}@{area}"))
                {
                    wrong.Add($"{name} on a page that needs only {pagePolicy}");
                }
            }
        }

        wrong.ShouldBeEmpty("a POST handler on a page that lets people only look names the policy acting needs with [HandlerPolicy(...)]");
        checkedHandlers.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task ARefusedApiCall_AnswersTheRulesSentence_AndAForeignProjectIsNotFound()
    {
        await using var app = new AppFactory();
        var readOnly = await ApiClient.ForAsync(app, "readonly@demo.test");
        var theirs = await app.ProjectIdAsync("2001", DemoData.Other);

        var refused = await (await readOnly.PostJsonAsync($"/api/v1/erp/sub-jobs/{Guid.NewGuid()}/retry")).ProblemAsync(HttpStatusCode.Forbidden);
        refused.GetProperty("title").GetString().ShouldBe("You do not have permission to do this.");
        refused.GetProperty("detail").GetString().ShouldBe("Retrying an export needs 'Standard' or 'Admin' on ERP Integrations and the 'Can Push to Accounting' privilege.");

        var notFound = await (await readOnly.GetAsync($"/api/v1/projects/{theirs}/sub-jobs")).ProblemAsync(HttpStatusCode.NotFound);
        notFound.GetProperty("detail").GetString().ShouldBe("The project was not found.");
        await (await readOnly.GetAsync($"/api/v1/sub-jobs/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ARefusedPage_ShowsTheRulesSentence_OnTheErrorPage()
    {
        await using var app = new AppFactory();
        var pm = await Browser.SignInAsync(app, "pm@demo.test");

        var response = await pm.Client.GetAsync("/cost-codes");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.ShouldContain("<h1>You do not have permission to open this page</h1>");
        html.ShouldContain("Only an ERP Integrations Admin can manage the company's standard cost codes. Ask your company's Directory Admin for access.");
    }

    private static string Describe(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
        return methods is { Count: > 0 } ? $"{string.Join(",", methods)} {pattern}" : pattern;
    }
}
