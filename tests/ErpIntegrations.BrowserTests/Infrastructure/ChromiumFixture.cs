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

        // Another test project may be installing its own packages (the Tryton tests' trytond) at the same moment: wait for
        // apt's lock (the lists' lock is not covered by DPkg::Lock::Timeout, so a refusal is tried again).
        foreach (var arguments in new[] { "update -qq", "install -y -qq --no-install-recommends chromium" })
        {
            for (var attempt = 1; ; attempt++)
            {
                using var apt = Process.Start(new ProcessStartInfo("apt-get", "-o DPkg::Lock::Timeout=300 " + arguments)
                {
                    RedirectStandardError = true,
                    Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
                })!;
                var errors = await apt.StandardError.ReadToEndAsync();
                await apt.WaitForExitAsync();
                if (apt.ExitCode == 0 || attempt == 120 || !errors.Contains("Could not get lock", StringComparison.Ordinal))
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(5));
            }
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException("Installing Chromium with apt-get failed; install it with `apt-get install -y --no-install-recommends chromium`.");
        }
    }
}
