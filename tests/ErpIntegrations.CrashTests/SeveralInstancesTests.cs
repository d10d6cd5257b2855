using System.Net;
using System.Text.RegularExpressions;
using ErpIntegrations.CrashTests.Infrastructure;
using Npgsql;

namespace ErpIntegrations.CrashTests;

/// <summary>
/// Three processes of the app on one database (PostgreSQL when TEST_POSTGRES is set, as in CI's second pass; SQLite
/// otherwise) and one ERP, as behind a load balancer: a sign-in on one is good on the others (the data-protection keys
/// are in the database), a batch accepted through all three is exported exactly once, and all three exporters share it.
/// </summary>
public sealed partial class SeveralInstancesTests
{
    private const int BatchSize = 90;

    [Fact]
    public async Task ThreeInstancesOnOneDatabase_ShareSignInAndTheExports_EachSubJobWrittenOnce()
    {
        var postgres = Environment.GetEnvironmentVariable("TEST_POSTGRES");
        var database = $"erp_instances_{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string>
        {
            ["App:Metrics:Enabled"] = "true",
            // Small claims, so that the three exporters take turns rather than one taking all.
            ["Exports:BatchSize"] = "5",
        };
        if (!string.IsNullOrEmpty(postgres))
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Default"] = $"{postgres};Database={database}";
        }

        try
        {
            await RunAsync(settings);
        }
        finally
        {
            if (!string.IsNullOrEmpty(postgres))
            {
                await DropAsync(postgres, database);
            }
        }
    }

    private static async Task RunAsync(Dictionary<string, string> settings)
    {
        await using var app = await CrashApp.StartAsync(settings);
        app.Note($"--- on {(settings.ContainsKey("Database:Provider") ? "PostgreSQL" : "SQLite")}");
        var ids = await app.SendNewSubJobsAsync(BatchSize, "M");
        var second = await app.StartInstanceAsync();
        var third = await app.StartInstanceAsync();
        Uri[] instances = [app.BaseAddress, second.BaseAddress, third.BaseAddress];

        // Signed in on the first, with its cookie on the others.
        var cookies = new CookieContainer();
        using (var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }))
        {
            await SignInAsync(browser, instances[0]);
            foreach (var instance in instances.Skip(1))
            {
                using var page = await browser.GetAsync(new Uri(instance, "/erp-connection"));
                var html = await page.Content.ReadAsStringAsync();
                page.StatusCode.ShouldBe(HttpStatusCode.OK, $"the sign-in cookie of {instances[0]} on {instance}");
                html.ShouldContain("Alex Admin");
            }
        }

        using var secondApi = app.ApiClientOf(second);
        using var thirdApi = app.ApiClientOf(third);
        var thirds = ids.Chunk(BatchSize / 3).ToList();
        await Task.WhenAll(app.BulkAcceptAsync(thirds[0]), app.BulkAcceptAsync(thirds[1], secondApi), app.BulkAcceptAsync(thirds[2], thirdApi));

        var final = await app.WaitUntilAsync(s => ids.All(id => s[id].State != "exporting"), "every export to finish", TimeSpan.FromMilliseconds(250));
        var subJobs = ids.Select(id => final[id]).ToList();
        subJobs.Where(s => s.State != "synced").ShouldBeEmpty("every sub job is Synced");
        (await app.ErpRecordsAsync()).ShouldHoldEachSyncedSubJobOnce(subJobs);

        // The demo's HELIPAD is exported too, by whichever instance is looking two minutes after the demo was seeded (its
        // retry is due then): during the test when the machine is slow. It counts once it is Synced. Its count follows its
        // save at once, so the counts are taken again after a pause until they hold still around the look at HELIPAD.
        using var scraper = new HttpClient();
        List<int> exported;
        bool helipad;
        do
        {
            exported = await SyncedCountsAsync(scraper, instances);
            helipad = await app.IsDemoSubJobSyncedAsync("HELIPAD");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        while (!(await SyncedCountsAsync(scraper, instances)).SequenceEqual(exported));

        app.Note($"--- exports by instance: {string.Join(", ", exported)}{(helipad ? " (the demo's HELIPAD among them)" : "")}");
        exported.Sum().ShouldBe(BatchSize + (helipad ? 1 : 0), "each export is counted by the one instance that made it");
        exported.ShouldAllBe(n => n > 0, "the exporters of all three instances share the work");
    }

    private static async Task<List<int>> SyncedCountsAsync(HttpClient scraper, IEnumerable<Uri> instances)
    {
        var counts = new List<int>();
        foreach (var instance in instances)
        {
            counts.Add(SyncedCount(await scraper.GetStringAsync(new Uri(instance, "/metrics"))));
        }

        return counts;
    }

    private static async Task SignInAsync(HttpClient browser, Uri instance)
    {
        var form = await browser.GetStringAsync(new Uri(instance, "/signin"));
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        token.ShouldNotBeEmpty("the sign-in form carries an antiforgery token");
        using var signedIn = await browser.PostAsync(new Uri(instance, "/signin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "admin@demo.test",
            ["Password"] = "Demo123!",
            ["__RequestVerificationToken"] = token,
        }));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
    }

    // The instance's own count of exports that ended Synced, from its Prometheus text.
    private static int SyncedCount(string metrics)
    {
        var line = SyncedLine().Match(metrics);
        return line.Success ? (int)double.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static async Task DropAsync(string postgres, string database)
    {
        await using var connection = new NpgsqlConnection($"{postgres};Database=postgres");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("""^erp_integrations_exports(?:_total)?\{[^}]*outcome="synced"[^}]*\}\s+(\S+)""", RegexOptions.Multiline)]
    private static partial Regex SyncedLine();
}
