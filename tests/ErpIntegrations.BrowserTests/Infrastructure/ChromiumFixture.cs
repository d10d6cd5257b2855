using System.Diagnostics;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(ErpIntegrations.BrowserTests.Infrastructure.ChromiumFixture))]

namespace ErpIntegrations.BrowserTests.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole run, driven by Playwright's bundled driver. Playwright's own
/// browser download is never used (there is no internet here); when Chromium is missing and the run is
/// root, it is installed from Debian's packages.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await EnsureChromiumAsync();

        // Two shared cores run the app, its exporter and Chromium at once; Playwright's 5 s default is too tight there.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private static async Task EnsureChromiumAsync()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The browser tests need Debian's Chromium: run `sudo apt-get install -y --no-install-recommends chromium`.");
        }

        foreach (var arguments in new[] { "update -qq", "install -y -qq --no-install-recommends chromium" })
        {
            using var apt = Process.Start(new ProcessStartInfo("apt-get", arguments) { Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" } })!;
            await apt.WaitForExitAsync();
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException("Installing Chromium with apt-get failed; install it with `apt-get install -y --no-install-recommends chromium`.");
        }
    }
}
