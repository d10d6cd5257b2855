using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ErpIntegrations.IntegrationTests.Infrastructure;

/// <summary>An HTTP client that signs in through the sign-in page and posts forms with their antiforgery token.</summary>
public sealed class Browser(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public static async Task<Browser> SignInAsync(AppFactory factory, string email, string password = "Demo123!")
    {
        var browser = new Browser(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var response = await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"signing in as {email}");
        return browser;
    }

    public static Browser Anonymous(AppFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<string> GetPageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form the way the page does: the antiforgery token comes from <paramref name="formPage"/> (default: the same path).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields, string? formPage = null)
    {
        var page = await Client.GetAsync(formPage ?? path);
        var html = await page.Content.ReadAsStringAsync();
        var token = Html.AntiforgeryToken(html);
        var values = new List<KeyValuePair<string, string>>(fields);
        if (token is not null)
        {
            values.Add(new("__RequestVerificationToken", token));
        }

        return await Client.PostAsync(path, new FormUrlEncodedContent(values));
    }
}
