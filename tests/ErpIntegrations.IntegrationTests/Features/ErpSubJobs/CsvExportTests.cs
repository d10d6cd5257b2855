using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.ErpSubJobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

public sealed partial class CsvExportTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private static readonly TimeSpan Failsafe = TimeSpan.FromSeconds(60);

    private AppFactory App => shared.App;

    [Fact]
    public async Task TheApi_AnswersTheFilterAsCsv_QuotedAndSafeForSpreadsheets_WithoutAnotherCompanysRows()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", name: "Riverside, \"North\" tower", erpJobId: "RMC-1001");
        await company.SubJobAsync(riverside, code: "BLDGA", description: "Tower \"A\", east wing", costCodes: ["03-300", "05-120"], at: App.Now.AddHours(-2));
        await company.SubJobAsync(riverside, code: "FORMULA", description: "=HYPERLINK(\"http://example.test\")", at: App.Now.AddHours(-1));
        await company.SubJobAsync(riverside, SubJobState.FailedToExport, code: "ROOF", failure: "-1 cost codes are open; +2 closed", at: App.Now.AddHours(-3));
        var other = await shared.NewCompanyAsync();
        await other.SubJobAsync(await other.ProjectAsync("1001"), code: "OTHERCO");
        var api = await ApiClient.ForAsync(App, company.ReadOnly.Email);

        var response = await api.GetAsync("/api/v1/erp/sub-jobs?filter=ready_to_export&format=csv");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName.ShouldBe($"erp-sub-jobs-ready-to-export-{App.Now:yyyy-MM-dd}.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "UTF-8 with a byte order mark, for Excel");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        text.ShouldContain("\"Riverside, \"\"North\"\" tower\"");
        text.ShouldContain("\"Tower \"\"A\"\", east wing\"");
        text.ShouldContain("\"03-300; 05-120\"");
        text.ShouldContain("\"'=HYPERLINK(\"\"http://example.test\"\")\"");
        text.ShouldEndWith("\r\n");
        var rows = Csv.Parse(text);
        rows[0].ShouldBe(ListCsv.Header);
        rows.Skip(1).Select(r => r[2]).ShouldBe(["FORMULA", "BLDGA"]);
        var bldga = rows.Single(r => r[2] == "BLDGA");
        bldga.ShouldBe(["1001", "Riverside, \"North\" tower", "BLDGA", "Tower \"A\", east wing", "03-300; 05-120", "Ready to Export", "Pat Project-Manager", bldga[7], "", ""]);
        bldga[7].ShouldBe(App.Now.AddHours(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        rows.ShouldAllBe(r => r[2] != "OTHERCO");

        using var asked = new HttpRequestMessage(HttpMethod.Get, "/api/v1/erp/sub-jobs?filter=failed_to_export");
        asked.Headers.Accept.ParseAdd("text/csv");
        var failed = await api.Client.SendAsync(asked);
        failed.StatusCode.ShouldBe(HttpStatusCode.OK);
        failed.Content.Headers.ContentDisposition!.FileName.ShouldBe($"erp-sub-jobs-failed-to-export-{App.Now:yyyy-MM-dd}.csv");
        var roof = Csv.Parse((await failed.Content.ReadAsStringAsync()).TrimStart('\uFEFF')).Skip(1).ShouldHaveSingleItem();
        roof[2].ShouldBe("ROOF");
        roof[5].ShouldBe("Failed to Export");
        roof[8].ShouldBe("ROOF");
        roof[9].ShouldBe("'-1 cost codes are open; +2 closed");

        (await api.GetAsync("/api/v1/erp/sub-jobs?filter=ready_to_export")).Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        await (await api.GetAsync("/api/v1/erp/sub-jobs?format=xml")).ProblemAsync(HttpStatusCode.BadRequest, "format");
        await (await api.GetAsync("/api/v1/erp/sub-jobs?format=csv&limit=5")).ProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await ApiClient.Anonymous(App).GetAsync("/api/v1/erp/sub-jobs?format=csv")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ThePage_LinksToTheCsvOfItsFilterAndSearch_ForAStandardUser()
    {
        var company = await shared.NewCompanyAsync();
        var harbor = await company.ProjectAsync("1002", name: "Harbor View");
        await company.SubJobAsync(harbor, SubJobState.Synced, code: "LOBBY", description: "Lobby, amenity spaces");
        await company.SubJobAsync(harbor, SubJobState.Synced, code: "PHASE1", description: "@foundations");
        await company.SubJobAsync(harbor, code: "BLDGA");
        var other = await shared.NewCompanyAsync();
        await other.SubJobAsync(await other.ProjectAsync("1002"), SubJobState.Synced, code: "LOBBYB");
        var browser = await Browser.SignInAsync(App, company.Standard.Email);

        var page = Html.Parse(await browser.GetPageAsync($"{ErpSubJobsPage.Path}?filter=synced&q=lobby"));

        var link = page.One("a[data-download-csv]");
        link.Text().ShouldBe("Download CSV");
        var href = link.GetAttribute("href")!;
        href.ShouldContain("handler=csv", Case.Insensitive);
        href.ShouldContain("filter=synced");
        href.ShouldContain("q=lobby");
        var response = await browser.Client.GetAsync(href);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe($"erp-sub-jobs-synced-{App.Now:yyyy-MM-dd}.csv");
        var rows = Csv.Parse((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        rows[0].ShouldBe(ListCsv.Header);
        var lobby = rows.Skip(1).ShouldHaveSingleItem();
        lobby.ShouldBe(["1002", "Harbor View", "LOBBY", "Lobby, amenity spaces", "03-300", "Synced", "Pat Project-Manager", lobby[7], "LOBBY", ""]);
        IsoUtc().IsMatch(lobby[7]).ShouldBeTrue(lobby[7]);

        var all = await browser.Client.GetStringAsync(Html.Parse(await browser.GetPageAsync($"{ErpSubJobsPage.Path}?filter=synced")).One("a[data-download-csv]").GetAttribute("href"));
        var codes = Csv.Parse(all.TrimStart('\uFEFF')).Skip(1).Select(r => r[2]).ToList();
        codes.ShouldBe(["LOBBY", "PHASE1"], ignoreOrder: true);
        all.ShouldContain(",\"'@foundations\",");
    }

    /// <summary>
    /// The proof that the export streams, without timing anything: an interceptor holds the database command of the
    /// 3rd keyset page (the 3rd list query: each page, both states of Ready to Export, is one statement) until the test lets it go. While it is held, the test reads the header and the first two
    /// pages' 200 rows from the response, which is only possible if the server wrote and flushed them before it queried
    /// the rest; no further list query has started. Then it lets the query go and reads all 10,000 rows, which took a
    /// hundred pages (a query each), never one query of everything. The 60-second limits only turn a hang into a
    /// failure.
    /// </summary>
    [Fact]
    public async Task TenThousandSubJobs_AreWrittenAPageAtATime_BeforeTheLaterPagesAreQueried()
    {
        var held = new HeldListQuery();
        await using var app = new AppFactory
        {
            ConfigureServices = services =>
            {
                services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(held));
                services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(held));
            },
        };
        var company = await TestCompany.CreateAsync(app);
        var project = await company.ProjectAsync("1001");
        await SeedAsync(app, company, project, 10_000);
        var api = await ApiClient.ForAsync(app, company.Approver.Email);
        held.HoldAt(3);
        using var failsafe = new CancellationTokenSource(Failsafe);

        using var response = await api.Client.GetAsync("/api/v1/erp/sub-jobs?format=csv", HttpCompletionOption.ResponseHeadersRead, failsafe.Token);
        await held.Reached.WaitAsync(failsafe.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(failsafe.Token), Encoding.UTF8);
        (await reader.ReadLineAsync(failsafe.Token)).ShouldBe(string.Join(',', ListCsv.Header));
        var codes = new List<string>();
        for (var i = 0; i < 2 * List.MaxPageSize; i++)
        {
            codes.Add((await reader.ReadLineAsync(failsafe.Token))!.Split(',')[2]);
        }

        held.Started.ShouldBe(3, "the 3rd page is held and no later one has been asked for");
        held.Release();
        while (await reader.ReadLineAsync(failsafe.Token) is { } line)
        {
            codes.Add(line.Split(',')[2]);
        }

        codes.Count.ShouldBe(10_000);
        codes.Distinct().Count().ShouldBe(10_000);
        codes[0].ShouldBe("SJ00000", "newest sent first");
        held.Started.ShouldBe(10_000 / List.MaxPageSize, "a hundred pages, a query each");
    }

    private static async Task SeedAsync(AppFactory app, TestCompany company, TestProject testProject, int count)
    {
        await using var scope = app.ScopeFor(company.Id, out var db);
        db.WithoutNotifications = true;
        var erp = scope.ServiceProvider.GetRequiredService<ErpConnectors>().For(company.Company).Capabilities;
        var project = await db.Projects.SingleAsync(p => p.Id == testProject.Id);
        var costCodes = await db.CostCodes.Where(c => c.Code == TestCompany.DefaultCostCodes[1].Code).ToListAsync();
        var pm = (await db.Users.SingleAsync(u => u.Id == company.ProjectManager.Id)).ToActor();
        for (var i = 0; i < count; i++)
        {
            var at = app.Now.AddMinutes(-i);
            var subJob = SubJob.Create(project, $"SJ{i:D5}", $"Sub job {i}", costCodes, pm, at);
            subJob.SendToErp(erp, pm, at);
            db.SubJobs.Add(subJob);
        }

        await db.SaveChangesAsync();
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex IsoUtc();

    /// <summary>Counts the List page queries (by their tag) and holds one of them until released.</summary>
    private sealed class HeldListQuery : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;
        private int _holdAt;

        public int Started => Volatile.Read(ref _started);

        public Task Reached => _reached.Task;

        public void HoldAt(int query)
        {
            Volatile.Write(ref _started, 0);
            Volatile.Write(ref _holdAt, query);
        }

        public void Release() => _release.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(List.QueryTag, StringComparison.Ordinal)
                && Interlocked.Increment(ref _started) == Volatile.Read(ref _holdAt))
            {
                _reached.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken);
            }

            return result;
        }
    }
}

/// <summary>An RFC 4180 reader for the tests: quoted fields with doubled quotes, CRLF between records.</summary>
internal static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
