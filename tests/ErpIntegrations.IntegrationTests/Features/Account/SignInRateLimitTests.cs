using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features.Account;

/// <summary>
/// The forms that take a password are rate-limited per client address and per account, with a 429 page a person can
/// read. Every test here counts the posts of one address (the test server's), so each keeps an app of its own.
/// </summary>
public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task SignIn_BeyondTheLimitOfAnAddress_Answers429WithAReadablePage()
    {
        await using var app = new AppFactory(settings: Limits(address: 3, account: 100));
        var browser = Browser.Anonymous(app);
        for (var i = 0; i < 3; i++)
        {
            var refused = await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = $"person{i}@demo.test", ["Password"] = "Wrong123!" });
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = "approver@demo.test", ["Password"] = "Demo123!" });

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        limited.Headers.RetryAfter.ShouldNotBeNull();
        var page = Html.Parse(await limited.Content.ReadAsStringAsync());
        page.One("h1").Text().ShouldBe("Too many attempts");
        var message = page.QuerySelector("main p")!.Text();
        message.ShouldStartWith("Too many attempts from your address or for this account in a short time. Wait ");
        message.ShouldEndWith("minutes, then try again.", customMessage: "the window of an hour is mostly still to run");
        limited.Headers.Contains("Set-Cookie").ShouldBeFalse("nobody was signed in");

        (await browser.Client.GetAsync("/signin")).StatusCode.ShouldBe(HttpStatusCode.OK, "reading the page is not limited, only posting it");
        (await browser.PostFormAsync("/setup", new Dictionary<string, string> { ["Email"] = "x@y.test" })).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await browser.PostFormAsync("/set-password?user=" + Guid.NewGuid() + "&token=x", new Dictionary<string, string> { ["Password"] = "Abc-12345!" }))
            .StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task SignIn_BeyondTheLimitOfAnAccount_Answers429ForThatAccountOnly()
    {
        await using var app = new AppFactory(settings: Limits(address: 100, account: 2));
        var browser = Browser.Anonymous(app);
        await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = "approver@demo.test", ["Password"] = "Wrong123!" });
        await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = " APPROVER@demo.test", ["Password"] = "Wrong123!" });

        var limited = await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = "approver@demo.test", ["Password"] = "Demo123!" });

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        Html.Parse(await limited.Content.ReadAsStringAsync()).One("h1").Text().ShouldBe("Too many attempts");
        var other = await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = "admin@demo.test", ["Password"] = "Demo123!" });
        other.StatusCode.ShouldBe(HttpStatusCode.Redirect, "another account signs in from the same address");
        (await app.UserAsync("approver@demo.test")).AccessFailedCount.ShouldBe(2, "the refused post never reached the password check");
    }

    [Fact]
    public async Task SetPassword_BeyondTheLimitOfAnAccount_Answers429()
    {
        await using var app = new AppFactory(settings: Limits(address: 100, account: 2));
        var browser = Browser.Anonymous(app);
        var user = (await app.UserAsync("standard@demo.test")).Id;
        var link = $"/set-password?user={user}&token=guessed";
        for (var i = 0; i < 2; i++)
        {
            (await browser.PostFormAsync(link, new Dictionary<string, string> { ["Password"] = "Abc-12345!", ["ConfirmPassword"] = "Abc-12345!" }))
                .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        }

        (await browser.PostFormAsync(link, new Dictionary<string, string> { ["Password"] = "Abc-12345!", ["ConfirmPassword"] = "Abc-12345!" }))
            .StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await browser.PostFormAsync($"/set-password?user={Guid.NewGuid()}&token=guessed", new Dictionary<string, string> { ["Password"] = "Abc-12345!", ["ConfirmPassword"] = "Abc-12345!" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict, "another person's link is not limited by this one's");
    }

    private static Dictionary<string, string> Limits(int address, int account) => new()
    {
        ["SignIn:AddressPermitLimit"] = address.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SignIn:AccountPermitLimit"] = account.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SignIn:WindowSeconds"] = "3600",
    };
}
