using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Production;

internal static class ProductionKit
{
    /// <summary>The test server has no peer address; a request names the one it comes from in this header.</summary>
    public const string PeerHeader = "X-Test-Peer";

    public static void ComeFromPeers(IServiceCollection services) => services.AddSingleton<IStartupFilter, PeerAddressFilter>();

    public static HttpClient Client(AppFactory app, string baseAddress = "http://erp.example/") =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(baseAddress) });

    /// <summary>Signs in through the page, the way a browser does, and answers the sign-in cookie's Set-Cookie header.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string email, Action<HttpRequestMessage>? decorate = null)
    {
        var form = new HttpRequestMessage(HttpMethod.Get, "/signin");
        decorate?.Invoke(form);
        var page = await client.SendAsync(form);
        var token = Html.AntiforgeryToken(await page.Content.ReadAsStringAsync())!;
        var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = "Demo123!", ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        decorate?.Invoke(post);
        var signedIn = await client.SendAsync(post);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("erp-integrations=", StringComparison.Ordinal));
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
