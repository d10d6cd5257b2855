using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Features.ErpSubJobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

/// <summary>
/// What the lists ask the database, counted and explained by an interceptor that records the commands of the requests
/// marked with a header (the background workers' own commands are left out), on SQLite and, with TEST_POSTGRES, on
/// PostgreSQL. Signing in (the token and the user) is left out of the count: it is the same for every request.
/// </summary>
public sealed class ListQueriesTests : IAsyncLifetime
{
    private readonly RequestCommands _commands = new();
    private AppFactory _app = null!;
    private TestCompany _company = null!;
    private TestProject _harbor = null!;

    public async ValueTask InitializeAsync()
    {
        _app = new AppFactory
        {
            ConfigureServices = services =>
            {
                services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(_commands));
                services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(_commands));
            },
        };
        _company = await TestCompany.CreateAsync(_app);
        _harbor = await _company.ProjectAsync("2002", "Harbor View Apartments");
        var riverside = await _company.ProjectAsync("2001", "Riverside Medical Center");
        for (var i = 0; i < 30; i++)
        {
            await _company.SubJobAsync(i % 2 == 0 ? _harbor : riverside, code: $"FL{i:D2}", description: $"Floor {i} framing", at: _app.Now.AddMinutes(-i));
        }

        await _company.SubJobAsync(riverside, SubJobState.FailedToExport, code: "ROOF", description: "Roof membrane");
        await _company.SubJobAsync(riverside, SubJobState.Synced, code: "LOBBY", description: "Lobby finishes");
        var waiting = await _company.SubJobAsync(_harbor, SubJobState.Exporting, code: "HELIPAD", description: "Rooftop helipad");
        await _company.WithDbAsync(async db =>
        {
            var request = await db.ErpRequests.SingleAsync(r => r.SubJobId == waiting);
            request.StartAttempt(Guid.CreateVersion7(_app.Now), _app.Now);
            request.WaitForErp("The Sandbox ERP did not answer.", _app.Now, _app.Now.AddMinutes(5));
            return await db.SaveChangesAsync();
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AListRequest_BesidesSigningIn_RunsTwoStatements_TheCompanyAndOneForThePage()
    {
        var api = await ApiClient.ForAsync(_app, _company.Approver.Email);
        api.Client.DefaultRequestHeaders.Add(RequestCommands.Header, "1");

        foreach (var query in new[]
        {
            "", "?filter=failed_to_export", "?filter=synced", "?sort=oldest", "?sort=project", "?sort=code", "?search=harbor", "?search=nothing-like-this",
        })
        {
            _commands.Clear();
            await api.GetJsonAsync($"/api/v1/erp/sub-jobs{query}");

            var statements = _commands.Statements.Where(t => !SignsIn(t)).ToList();
            statements.Count(t => t.Contains(List.QueryTag, StringComparison.Ordinal)).ShouldBe(1, $"{query}: one statement reads the page");
            statements.Count.ShouldBeLessThanOrEqualTo(2, $"{query}: {string.Join("\n----\n", statements)}");
        }

        _commands.Clear();
        var first = await api.GetJsonAsync("/api/v1/erp/sub-jobs");
        var helipad = first.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "HELIPAD");
        helipad.GetProperty("progress").GetString()!.ShouldContain("Sandbox ERP");
        helipad.GetProperty("erpUnreachableSince").ValueKind.ShouldBe(JsonValueKind.String);
        _commands.Statements.Count(t => !SignsIn(t)).ShouldBeLessThanOrEqualTo(2, "the wait is read with the page");
    }

    [Fact]
    public async Task ThePage_AddsOneStatementForTheCounts_AndOneMoreForASearchsMatches()
    {
        var browser = await Browser.SignInAsync(_app, _company.ReadOnly.Email);
        browser.Client.DefaultRequestHeaders.Add(RequestCommands.Header, "1");

        _commands.Clear();
        var doc = Html.Parse(await browser.GetPageAsync(ErpSubJobsPage.Url()));
        doc.One("[data-count=ready-to-export]").Text().ShouldBe("· 31");
        doc.One("[data-count=failed-to-export]").Text().ShouldBe("· 1");
        doc.One("[data-count=synced]").Text().ShouldBe("· 1");
        doc.One("[data-range]").Text().ShouldBe("1–25 of 31");
        var next = doc.One("a[rel=next]").GetAttribute("href")!;
        Html.Parse(await browser.GetPageAsync(next)).One("[data-range]").Text().ShouldBe("26–31 of 31");
        Html.Parse(await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=harbor")).One("[data-range]").Text().ShouldBe("1–16 of 16");
        _commands.Clear();
        await browser.GetPageAsync(ErpSubJobsPage.Url());
        var plain = _commands.Statements.Where(t => !SignsIn(t)).ToList();
        plain.Count(t => t.Contains(List.QueryTag, StringComparison.Ordinal)).ShouldBe(2, "the page and the counts");
        plain.Count.ShouldBeLessThanOrEqualTo(3, string.Join("\n----\n", plain));

        _commands.Clear();
        await browser.GetPageAsync($"{ErpSubJobsPage.Url()}&q=harbor");
        _commands.Statements.Where(t => !SignsIn(t)).Count().ShouldBeLessThanOrEqualTo(4, "with a search, its matches are counted too");
    }

    [Fact]
    public async Task ASearchThatMatchesNothing_ReadsNoSubJob_ButTheIndex()
    {
        // A company whose list is worth not reading (PostgreSQL's planner weighs the company's rows; on SQLite the
        // work is counted in virtual machine steps, which reading 3,000 rows would take many more of).
        await BulkAsync(_company, _harbor, 3000, "BULK");
        if (_app.IsPostgres)
        {
            await using var analyze = _app.ScopeFor(_company.Id, out var db);
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        var api = await ApiClient.ForAsync(_app, _company.Approver.Email);
        api.Client.DefaultRequestHeaders.Add(RequestCommands.Header, "1");

        foreach (var query in new[] { "?search=nothing-like-this", "?filter=synced&search=nothing-like-this", "?sort=project&search=zzzz", "?sort=code&search=zzzz" })
        {
            _commands.Clear();
            (await api.GetJsonAsync($"/api/v1/erp/sub-jobs{query}")).GetProperty("items").GetArrayLength().ShouldBe(0);
            var list = _commands.Commands.Single(c => c.Text.Contains(List.QueryTag, StringComparison.Ordinal));
            await using var scope = _app.ScopeFor(_company.Id, out var db);
            if (_app.IsPostgres)
            {
                var plan = JsonDocument.Parse(await ExplainAsync(db, "EXPLAIN (ANALYZE, FORMAT JSON) ", list)).RootElement[0].GetProperty("Plan");
                // The matches decide which sub jobs are read; a state of a row or two may still be read as a range.
                RowsReadFrom(plan, "SubJobs").ShouldBeLessThan(10, $"{query}: not the company's 3,000 sub jobs\n{plan}");
            }
            else
            {
                // The statement also holds a walk of the company's list, for a search that matches often; it reads
                // nothing when the company's matches are few (here none). A page of 25 rows takes about 3,000 steps,
                // the index's own statements a few thousand more.
                var plan = await ExplainAsync(db, "EXPLAIN QUERY PLAN ", list);
                plan.ShouldContain("VIRTUAL TABLE INDEX", customMessage: plan);
                _commands.SqliteSteps.ShouldBeLessThan(10_000, $"{query}: the company's list is not read\n{plan}");
            }
        }

        if (!_app.IsPostgres)
        {
            // The measure: a search of two letters, which cannot use the index, walks the company's 3,000 sub jobs.
            _commands.Clear();
            (await api.GetJsonAsync("/api/v1/erp/sub-jobs?search=zz")).GetProperty("items").GetArrayLength().ShouldBe(0);
            _commands.SqliteSteps.ShouldBeGreaterThan(30_000, "ten steps or more a row");
        }
    }

    [Fact]
    public async Task ACommonWord_WalksTheListInItsOrder_KeepingOnlyTheCompanysMatches_PageAfterPage()
    {
        // More matches than SubJobSearch.CommonMatches here, and as many in another company's index.
        var other = await TestCompany.CreateAsync(_app);
        await BulkAsync(other, await other.ProjectAsync("3003", "Bayfront Apartments"), 1100, "BAY");
        var riverside = await _company.WithDbAsync(db => db.Projects.Where(p => p.Number == "2001")
            .Select(p => new TestProject(p.Id, p.Number, p.Name, p.ErpJobId)).SingleAsync());
        await BulkAsync(_company, _harbor, 1100, "HV");
        await BulkAsync(_company, riverside, 1100, "RV");
        await BulkAsync(other, await other.ProjectAsync("3004", "Cedar Apartments"), 100, "CED");

        var api = await ApiClient.ForAsync(_app, _company.ReadOnly.Email);
        foreach (var filter in new[] { "ready_to_export", "failed_to_export", "synced" })
        {
            foreach (var sort in ListSorts.All.Select(s => s.Slug()))
            {
                var expected = (await PagesAsync(api, $"filter={filter}&sort={sort}&limit=100"))
                    .Where(i => i.Text.Contains("apartments", StringComparison.OrdinalIgnoreCase)).Select(i => i.Id).ToList();
                expected.Count.ShouldBe(filter == "ready_to_export" ? 1116 : 0);
                // Pages of the most an API request takes, and of an odd size, whose ends fall anywhere (each page
                // costs a request, and pages of 7 made this test take minutes on PostgreSQL).
                (await PagesAsync(api, $"filter={filter}&sort={sort}&search=aPARTments&limit=100")).Select(i => i.Id).ToList()
                    .ShouldBe(expected, $"{filter}, {sort}");
                (await PagesAsync(api, $"filter={filter}&sort={sort}&search=Apartments&limit=37")).Select(i => i.Id).ToList()
                    .ShouldBe(expected, $"{filter}, {sort}, 37 a page");
            }
        }

        var counts = await api.GetJsonAsync("/api/v1/erp/sub-jobs/counts?search=apartments");
        counts.GetProperty("readyToExport").GetInt32().ShouldBe(1116);
        counts.GetProperty("failedToExport").GetInt32().ShouldBe(0);
        counts.GetProperty("synced").GetInt32().ShouldBe(0);
        var theirs = await ApiClient.ForAsync(_app, other.ReadOnly.Email);
        (await PagesAsync(theirs, "search=apartments&sort=project&limit=100")).Select(i => i.Text.Split('\n')[0][..3]).Distinct().ShouldBe(["BAY", "CED"]);
    }

    [Fact]
    public async Task AnAccept_LooksItsErpJobIdUp_InTheUniqueIndex_NotAcrossTheProject()
    {
        var api = await ApiClient.ForAsync(_app, _company.Approver.Email);
        api.Client.DefaultRequestHeaders.Add(RequestCommands.Header, "1");
        var subJob = await _company.SubJobAsync(_harbor, code: "ATRIUM", description: "Atrium glazing");
        _commands.Clear();

        (await api.PostJsonAsync($"/api/v1/erp/sub-jobs/{subJob}/accept")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);

        var checks = _commands.Commands
            .Where(c => c.Text.TrimStart().StartsWith("SELECT", StringComparison.Ordinal) && c.Text.Contains("\"NormalizedErpJobId\" =", StringComparison.Ordinal))
            .ToList();
        checks.ShouldNotBeEmpty("the accept checks that no other sub job of the job holds the ERP Job ID");
        await using var scope = _app.ScopeFor(_company.Id, out var db);
        foreach (var check in checks)
        {
            if (_app.IsPostgres)
            {
                var plan = await ExplainAsync(db, "EXPLAIN ", check);
                plan.ShouldContain("IX_SubJobs_ProjectId_NormalizedErpJobId", customMessage: plan);
            }
            else
            {
                var plan = await ExplainAsync(db, "EXPLAIN QUERY PLAN ", check);
                plan.ShouldContain("USING INDEX IX_SubJobs_ProjectId_NormalizedErpJobId (ProjectId=? AND NormalizedErpJobId=?)", customMessage: plan);
            }
        }
    }

    [Fact]
    public async Task TheSearchIndex_FollowsEveryChange_InTheTransactionThatMakesIt()
    {
        var api = await ApiClient.ForAsync(_app, _company.ReadOnly.Email);
        async Task<List<string>> CodesAsync(string search) =>
            [.. (await api.GetJsonAsync($"/api/v1/erp/sub-jobs?limit=100&search={Uri.EscapeDataString(search)}")).GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("code").GetString()!)];

        (await CodesAsync("harbor view")).Count.ShouldBe(16);
        (await CodesAsync("FRAMING")).Count.ShouldBe(30);
        (await CodesAsync("l0")).ShouldBe(["FL00", "FL01", "FL02", "FL03", "FL04", "FL05", "FL06", "FL07", "FL08", "FL09"], "two letters: read without the index, newest first");
        (await CodesAsync("or 1 fr")).ShouldBe(["FL01"]);
        (await CodesAsync("framing\n2001")).ShouldBeEmpty("no match spans two fields");

        await _company.WithDbAsync(async db =>
        {
            var project = await db.Projects.SingleAsync(p => p.Id == _harbor.Id);
            project.Edit("2002", "Seaside Lofts");
            return await db.SaveChangesAsync();
        });
        (await CodesAsync("harbor view")).ShouldBeEmpty();
        (await CodesAsync("SEASIDE")).Count.ShouldBe(16);

        await _company.WithDbAsync(async db =>
        {
            var subJob = await db.SubJobs.Include(s => s.CostCodes).SingleAsync(s => s.Code == "FL00");
            subJob.RetrieveFromErp((await db.Users.SingleAsync(u => u.Id == _company.ProjectManager.Id)).ToActor(), _app.Now);
            return await db.SaveChangesAsync();
        });
        (await CodesAsync("FL00")).ShouldBeEmpty("a retrieved sub job is under no filter");
        var edited = await _company.WithDbAsync(async db =>
        {
            var subJob = await db.SubJobs.Include(s => s.CostCodes).Include(s => s.Project).SingleAsync(s => s.Code == "FL02");
            var pm = (await db.Users.SingleAsync(u => u.Id == _company.ProjectManager.Id)).ToActor();
            subJob.RetrieveFromErp(pm, _app.Now);
            var costCodes = await db.CostCodes.Where(c => subJob.CostCodes.Select(s => s.CostCodeId).Contains(c.Id)).ToListAsync();
            subJob.Edit("STAIRS", "Stair towers", costCodes, pm, _app.Now);
            subJob.ResendToErp(_app.Services.GetRequiredService<ErpConnectors>().For(_company.Company).Capabilities, pm, _app.Now);
            await db.SaveChangesAsync();
            return subJob.Id;
        });
        (await CodesAsync("stair tow")).ShouldBe(["STAIRS"]);
        (await CodesAsync("FL02")).ShouldBeEmpty();
        edited.ShouldNotBe(Guid.Empty);
    }

    // Ready to Export sub jobs in a project of a company, in one transaction, sent a second apart.
    private async Task BulkAsync(TestCompany company, TestProject project, int count, string prefix)
    {
        await using var scope = _app.ScopeFor(company.Id, out var db);
        db.WithoutNotifications = true;
        var erp = scope.ServiceProvider.GetRequiredService<ErpConnectors>().For(company.Company).Capabilities;
        var entity = await db.Projects.SingleAsync(p => p.Id == project.Id);
        var costCodes = await db.CostCodes.Where(c => c.Code == TestCompany.DefaultCostCodes[1].Code).ToListAsync();
        var pm = (await db.Users.SingleAsync(u => u.Id == company.ProjectManager.Id)).ToActor();
        for (var i = 0; i < count; i++)
        {
            var subJob = SubJob.Create(entity, $"{prefix}{i:D4}", $"Bulk sub job {i}", costCodes, pm, _app.Now.AddSeconds(-i));
            subJob.SendToErp(erp, pm, _app.Now.AddSeconds(-i));
            db.SubJobs.Add(subJob);
        }

        await db.SaveChangesAsync();
    }

    // Every page of a list, in order: each item's id and its searchable text (code, description, project number and name).
    private static async Task<List<(string Id, string Text)>> PagesAsync(ApiClient api, string query)
    {
        var items = new List<(string Id, string Text)>();
        string? cursor = null;
        do
        {
            var page = await api.GetJsonAsync($"/api/v1/erp/sub-jobs?{query}{(cursor is null ? "" : $"&cursor={cursor}")}");
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(i => (
                i.GetProperty("id").GetString()!,
                string.Join("\n", i.GetProperty("code").GetString(), i.GetProperty("description").GetString(),
                    i.GetProperty("project").GetProperty("number").GetString(), i.GetProperty("project").GetProperty("name").GetString()))));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        }
        while (cursor is not null);

        return items;
    }

    private static bool SignsIn(string sql) =>
        sql.Contains("\"AspNet", StringComparison.Ordinal) || sql.Contains("\"ApiTokens\"", StringComparison.Ordinal);

    private static async Task<string> ExplainAsync(AppDbContext db, string explain, RecordedCommand command)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explained = connection.CreateCommand();
        explained.CommandText = explain + command.Text;
        foreach (var (name, value) in command.Parameters)
        {
            var parameter = explained.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            explained.Parameters.Add(parameter);
        }

        var lines = new List<string>();
        await using var reader = await explained.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(Convert.ToString(reader.GetValue(reader.FieldCount - 1), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return string.Join("\n", lines);
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement plan) =>
        plan.TryGetProperty("Plans", out var children) ? [plan, .. children.EnumerateArray().SelectMany(Nodes)] : [plan];

    private static double RowsReadFrom(JsonElement plan, string table) =>
        Nodes(plan).Where(n => n.TryGetProperty("Relation Name", out var name) && name.GetString() == table)
            .Sum(n => n.GetProperty("Actual Rows").GetDouble() * n.GetProperty("Actual Loops").GetDouble()
                + (n.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetDouble() : 0));

    internal sealed record RecordedCommand(string Text, IReadOnlyList<(string Name, object Value)> Parameters);

    /// <summary>The commands run for requests that carry <see cref="Header"/>.</summary>
    private sealed class RequestCommands : DbCommandInterceptor
    {
        public const string Header = "X-Test-Count-Statements";

        private readonly ConcurrentQueue<RecordedCommand> _commands = new();

        public IReadOnlyList<RecordedCommand> Commands => [.. _commands];

        public IReadOnlyList<string> Statements => [.. _commands.Select(c => c.Text)];

        // The SQLite virtual machine's steps taken by the list statements recorded since Clear (a progress handler
        // counts them while each runs), the nested statements of the FTS5 index included.
        public long SqliteSteps => Interlocked.Read(ref _sqliteSteps);

        private long _sqliteSteps;

        public void Clear()
        {
            _commands.Clear();
            Interlocked.Exchange(ref _sqliteSteps, 0);
        }

        public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            StopCounting(command);
            return result;
        }

        public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            StopCounting(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            StopCounting(command);
            return result;
        }

        private static void StopCounting(DbCommand command)
        {
            if (command.Connection is SqliteConnection { Handle: { } handle })
            {
                raw.sqlite3_progress_handler(handle, 0, null, null);
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
            Record(command, result);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Record(command, result));

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
            Record(command, result);

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Record(command, result));

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
            Record(command, result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Record(command, result));

        private T Record<T>(DbCommand command, T result)
        {
            // HttpContextAccessor keeps the current request in an AsyncLocal shared by all its instances.
            if (new HttpContextAccessor().HttpContext?.Request.Headers.ContainsKey(Header) == true)
            {
                _commands.Enqueue(new RecordedCommand(
                    command.CommandText,
                    [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value))]));
                if (command.Connection is SqliteConnection { Handle: { } handle } && command.CommandText.Contains(List.QueryTag, StringComparison.Ordinal))
                {
                    raw.sqlite3_progress_handler(handle, 1, _ => { Interlocked.Increment(ref _sqliteSteps); return 0; }, null);
                }
            }

            return result;
        }
    }
}
