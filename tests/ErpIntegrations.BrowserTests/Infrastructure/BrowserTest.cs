using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Infrastructure;

/// <summary>
/// A test that walks the app in Chromium: its own app on Kestrel (own database), its own browser context,
/// and a screenshot of the last page kept under artifacts/screenshots. An uncaught JavaScript error or a Content-Security-Policy violation on any page fails the test.
/// Every page the test visits is audited with axe-core (WCAG 2.0 and 2.1, levels A and AA): the helpers audit after
/// each navigation and at each screenshot, and a page that was shown but never audited fails the test as well.
/// A class may share one app between its tests (<see cref="SharedApp"/>) when its tests only read.
/// </summary>
public abstract class BrowserTest(ChromiumFixture chromium, SharedApp? shared = null) : IAsyncLifetime
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private readonly List<string> _scriptErrors = [];
    private readonly List<string> _accessibilityViolations = [];
    private readonly HashSet<string> _shown = [];
    private readonly HashSet<string> _audited = [];
    private IBrowserContext? _context;

    protected AppFactory App { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    protected string BaseUrl { get; private set; } = "";

    protected virtual bool BackgroundExporter => true;

    /// <summary>Pages under these paths are not the product's own (the Scalar API reference) and are not audited.</summary>
    protected virtual IReadOnlyList<string> NotAudited => [];

    /// <summary>The browser's own IANA time zone, as a person's computer would report it.</summary>
    protected virtual string TimeZoneId => "America/Chicago";

    protected virtual ViewportSize Viewport => new() { Width = 1400, Height = 900 };

    public virtual async ValueTask InitializeAsync()
    {
        App = shared?.App ?? new AppFactory(backgroundExporter: BackgroundExporter, realServer: true);
        if (shared is null)
        {
            App.StartServer();
        }

        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = Viewport, TimezoneId = TimeZoneId });
        // Generous: a busy two-core CI machine can take many seconds for a page; a passing step never waits this long.
        _context.SetDefaultTimeout(30_000);
        Page = await _context.NewPageAsync();
        Page.PageError += (_, error) => _scriptErrors.Add(error);
        Page.FrameNavigated += (_, frame) =>
        {
            if (frame == Page.MainFrame)
            {
                _shown.Add(PageKey(frame.Url));
            }
        };

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

        if (shared is null)
        {
            await App.DisposeAsync();
        }

        GC.SuppressFinalize(this);
        _scriptErrors.ShouldBeEmpty("the pages threw JavaScript errors");
        _accessibilityViolations.ShouldBeEmpty("axe-core found WCAG 2.0/2.1 A or AA violations");
        var unaudited = _shown.Except(_audited).ToList();
        unaudited.ShouldBeEmpty($"every page the test showed is audited with axe-core (call AuditAsync after a navigation): {string.Join(", ", unaudited)}");
    }

    /// <summary>Navigates and audits the page that answers.</summary>
    protected async Task<IResponse?> VisitAsync(string url)
    {
        var response = await Page.GotoAsync(url);
        await AuditAsync();
        return response;
    }

    /// <summary>Runs axe-core on the page as it is now; a violation is recorded and fails the test at its end.</summary>
    protected async Task AuditAsync()
    {
        await Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        var url = Page.Url;
        if (NotAudited.Any(path => PageKey(url).StartsWith(path, StringComparison.Ordinal)))
        {
            _audited.Add(PageKey(url));
            return;
        }

        var result = await Page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        _audited.Add(PageKey(url));
        foreach (var violation in result.Violations)
        {
            var where = string.Join("; ", violation.Nodes.Take(5).Select(n => n.Html));
            _accessibilityViolations.Add($"{url}: {violation.Id} ({violation.Impact}) {violation.Help} — {where}");
        }
    }

    private static string PageKey(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;

    protected async Task SignInAsync(string email, string password = "Demo123!")
    {
        await VisitAsync("/signin");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Signed in when the next page shows "Sign out"; waiting for that element (retried) rather than for the page's
        // load event, which a starved renderer on a busy CI machine has been seen to miss. A retried URL assertion, not
        // WaitForURLAsync: when the redirect has already landed, WaitForURLAsync waits for a "commit" load state that
        // never comes again, and timed out although the person was signed in (seen once here).
        await Assertions.Expect(Page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await AuditAsync();
    }

    protected async Task SignOutAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await AuditAsync();
    }

    protected async Task ScreenshotAsync(string step)
    {
        await AuditAsync();
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
