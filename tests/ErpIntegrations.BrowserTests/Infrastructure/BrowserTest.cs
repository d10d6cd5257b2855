using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Infrastructure;

/// <summary>
/// A test that walks the app in Chromium: its own app on Kestrel (own database), its own browser context,
/// and a screenshot of the last page kept under artifacts/screenshots. An uncaught JavaScript error or a Content-Security-Policy violation on any page fails the test.
/// </summary>
public abstract class BrowserTest(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly List<string> _scriptErrors = [];
    private IBrowserContext? _context;

    protected AppFactory App { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    protected string BaseUrl { get; private set; } = "";

    protected virtual bool BackgroundExporter => true;

    public virtual async ValueTask InitializeAsync()
    {
        App = new AppFactory(backgroundExporter: BackgroundExporter, realServer: true);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        // Generous: a busy two-core CI machine can take many seconds for a page; a passing step never waits this long.
        _context.SetDefaultTimeout(30_000);
        Page = await _context.NewPageAsync();
        Page.PageError += (_, error) => _scriptErrors.Add(error);

        // A script or style the Content-Security-Policy blocks only shows in the console.
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _scriptErrors.Add(message.Text);
            }
        };
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Page is not null)
        {
            await ScreenshotAsync("final");
        }

        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        await App.DisposeAsync();
        GC.SuppressFinalize(this);
        _scriptErrors.ShouldBeEmpty("the pages threw JavaScript errors");
    }

    protected async Task SignInAsync(string email, string password = "Demo123!")
    {
        await Page.GotoAsync("/signin");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Signed in when the next page shows "Sign out"; waiting for that element (retried) rather than for the page's
        // load event, which a starved renderer on a busy CI machine has been seen to miss. A retried URL assertion, not
        // WaitForURLAsync: when the redirect has already landed, WaitForURLAsync waits for a "commit" load state that
        // never comes again, and timed out although the person was signed in (seen once here).
        await Assertions.Expect(Page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    protected async Task SignOutAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    protected async Task ScreenshotAsync(string step)
    {
        var test = TestContext.Current.Test?.TestDisplayName ?? GetType().Name;
        var name = string.Concat($"{test}-{step}".Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        var directory = Path.Combine(ArtifactsDirectory(), "screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{name}.png"), FullPage = true });
    }

    private static string ArtifactsDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ErpIntegrations.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "artifacts");
    }
}
