using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErpIntegrations.IntegrationTests.Data;

/// <summary>
/// A lost race and a concurrency conflict are outcomes the app answers (409), not faults: they are logged at
/// information level, so that an operator alerting on errors is not paged for them. A genuine failure stays an error.
/// </summary>
public sealed class DatabaseFailureLogTests : IAsyncDisposable
{
    private readonly AppFactory _app;

    public DatabaseFailureLogTests()
    {
        var rival = new RivalCostCode(() => _app!);
        _app = new(settings: new Dictionary<string, string> { [$"Logging:LogLevel:{typeof(DatabaseFailureLog).FullName}"] = "Information" })
        {
            ConfigureServices = services =>
            {
                services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(rival));
                services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(rival));
            },
        };
    }

    [Fact]
    public async Task ALostUniqueRace_IsLoggedAsInformation_WithNoError()
    {
        var demo = await _app.CompanyAsync(DemoData.Demo);
        await using var first = _app.ScopeFor(demo.Id, out var db1);
        await using var second = _app.ScopeFor(demo.Id, out var db2);
        db1.CostCodes.Add(new CostCode(Guid.CreateVersion7(), demo.Id, "31-000", "Earthwork"));
        db2.CostCodes.Add(new CostCode(Guid.CreateVersion7(), demo.Id, "31-000", "Earthwork"));
        await db1.SaveChangesAsync(TestContext.Current.CancellationToken);
        _app.Logs.Clear();

        await Should.ThrowAsync<DbUpdateException>(() => db2.SaveChangesAsync(TestContext.Current.CancellationToken));

        _app.Logs.Entries.Where(e => e.Level >= LogLevel.Error).ShouldBeEmpty();
        _app.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Information && e.Category == typeof(DatabaseFailureLog).FullName && e.Message.Contains("a lost race"));
    }

    [Fact]
    public async Task ALostUniqueRace_AnsweredAsAConflictByTheApi_LogsNoError()
    {
        var api = await ApiClient.ForAsync(_app, "admin@demo.test");
        _app.Logs.Clear();

        var response = await api.PostJsonAsync("/api/v1/cost-codes", new { code = RivalCostCode.Code, description = "Demolition" });

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().ShouldBe(Problems.DuplicateSave);
        _app.Logs.Entries.Where(e => e.Level >= LogLevel.Error).ShouldBeEmpty();
        _app.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Information && e.Category == typeof(DatabaseFailureLog).FullName && e.Message.Contains("a lost race"));
        (await _app.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().CountAsync(c => c.Code == RivalCostCode.Code))).ShouldBe(1);
    }

    [Fact]
    public async Task AConcurrencyConflict_IsLoggedAsInformation_WithNoError()
    {
        var demo = await _app.CompanyAsync(DemoData.Demo);
        var approver = (await _app.UserAsync("approver@demo.test")).ToActor();
        await using var first = _app.ScopeFor(demo.Id, out var db1);
        await using var second = _app.ScopeFor(demo.Id, out var db2);
        var id = await db1.SubJobs.Where(s => s.State == SubJobState.ReadyToExport).Select(s => s.Id).FirstAsync(TestContext.Current.CancellationToken);
        var mine = await db1.SubJobs.Include(s => s.Project).SingleAsync(s => s.Id == id, TestContext.Current.CancellationToken);
        var theirs = await db2.SubJobs.Include(s => s.Project).SingleAsync(s => s.Id == id, TestContext.Current.CancellationToken);
        theirs.Reject("Split it in two.", approver, _app.Now);
        await db2.SaveChangesAsync(TestContext.Current.CancellationToken);
        _app.Logs.Clear();

        mine.Reject("Wrong cost code.", approver, _app.Now);
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => db1.SaveChangesAsync(TestContext.Current.CancellationToken));

        _app.Logs.Entries.Where(e => e.Level >= LogLevel.Error).ShouldBeEmpty();
        _app.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Information && e.Category == typeof(DatabaseFailureLog).FullName && e.Message.Contains("a concurrency conflict"));
    }

    [Fact]
    public async Task AGenuineFailure_IsStillLoggedAsAnError()
    {
        var demo = await _app.CompanyAsync(DemoData.Demo);
        var id = Guid.CreateVersion7();
        await using var first = _app.ScopeFor(demo.Id, out var db1);
        await using var second = _app.ScopeFor(demo.Id, out var db2);
        db1.CostCodes.Add(new CostCode(id, demo.Id, "31-000", "Earthwork"));
        db2.CostCodes.Add(new CostCode(id, demo.Id, "31-100", "Excavation"));
        await db1.SaveChangesAsync(TestContext.Current.CancellationToken);
        _app.Logs.Clear();

        await Should.ThrowAsync<DbUpdateException>(() => db2.SaveChangesAsync(TestContext.Current.CancellationToken));

        _app.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Category == typeof(DatabaseFailureLog).FullName && e.Exception is DbUpdateException);
        _app.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Category == typeof(DatabaseFailureLog).FullName && e.Message.Contains("A database command failed"));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// Another request adding cost code <see cref="Code"/> commits the moment before the request under test saves the
    /// same code, after its "is it taken?" check passed: the unique index keeps the second out.
    /// </summary>
    private sealed class RivalCostCode(Func<AppFactory> app) : SaveChangesInterceptor
    {
        public const string Code = "41-000";

        private int _committed;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var adding = eventData.Context?.ChangeTracker.Entries<CostCode>().FirstOrDefault(e => e.State == EntityState.Added && e.Entity.Code == Code)?.Entity;
            if (adding is not null && Interlocked.Exchange(ref _committed, 1) == 0)
            {
                await using var scope = app().ScopeFor(adding.CompanyId, out var db);
                db.CostCodes.Add(new CostCode(Guid.CreateVersion7(), adding.CompanyId, Code, "Demolition"));
                await db.SaveChangesAsync(cancellationToken);
            }

            return result;
        }
    }
}
