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
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

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
        if (_app.IsPostgres)
        {
            // PostgreSQL's planner weighs the company's rows: give it a company whose list is worth not reading.
            await using var scope = _app.ScopeFor(_company.Id, out var db);
            db.WithoutNotifications = true;
            var erp = scope.ServiceProvider.GetRequiredService<ErpConnectors>().For(_company.Company).Capabilities;
            var project = await db.Projects.SingleAsync(p => p.Id == _harbor.Id);
            var costCodes = await db.CostCodes.Where(c => c.Code == TestCompany.DefaultCostCodes[1].Code).ToListAsync();
            var pm = (await db.Users.SingleAsync(u => u.Id == _company.ProjectManager.Id)).ToActor();
            for (var i = 0; i < 3000; i++)
            {
                var subJob = SubJob.Create(project, $"BULK{i:D4}", $"Bulk sub job {i}", costCodes, pm, _app.Now.AddSeconds(-i));
                subJob.SendToErp(erp, pm, _app.Now.AddSeconds(-i));
                db.SubJobs.Add(subJob);
            }

            await db.SaveChangesAsync();
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
                var plan = await ExplainAsync(db, "EXPLAIN QUERY PLAN ", list);
                plan.ShouldContain("VIRTUAL TABLE INDEX", customMessage: plan);
                plan.ShouldNotContain("IX_SubJobs_CompanyId_State", customMessage: $"{query}: the company's list is not read\n{plan}");
                plan.ShouldNotContain("IX_SubJobs_ProjectId_Code", customMessage: plan);
            }
        }
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

        public void Clear() => _commands.Clear();

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
            }

            return result;
        }
    }
}
