using System.Collections.Concurrent;
using System.Data.Common;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Features;

/// <summary>
/// The list API reads its company once per CompanyCache.Lifetime for what it shows beside its rows (the ERP Job IDs the
/// connector proposes), and at once again after a save in this process changed the company.
/// </summary>
public sealed class CompanyCacheTests : IAsyncLifetime
{
    private const string Header = "X-Test-Count-Company-Reads";

    private readonly CompanyReads _reads = new();
    private AppFactory _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new AppFactory
        {
            ConfigureServices = services =>
            {
                services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(_reads));
                services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(_reads));
            },
        };
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task TheList_ReadsItsCompanyOncePerLifetime_AndAgainRightAfterAChange()
    {
        var api = await ApiClient.ForAsync(_app, "approver@demo.test");
        api.Client.DefaultRequestHeaders.Add(Header, "1");

        (await ReadsForAPageAsync(api)).ShouldBe(1, "the first list request reads the company");
        (await ReadsForAPageAsync(api)).ShouldBe(0, "the next one takes it from the cache");

        var demo = await _app.CompanyAsync(DemoData.Demo);
        await using (var scope = _app.ScopeFor(demo.Id, out var db))
        {
            (await db.Companies.SingleAsync(c => c.Id == demo.Id)).RecordDirectoryChange();
            await db.SaveChangesAsync();
        }

        (await ReadsForAPageAsync(api)).ShouldBe(1, "a change saved in this process evicts the company at once");
        (await ReadsForAPageAsync(api)).ShouldBe(0);

        _app.Time.Advance(CompanyCache.Lifetime);
        (await ReadsForAPageAsync(api)).ShouldBe(1, "another instance's change is read after the cache's lifetime");
    }

    // The company's reads for one page of Ready to Export, whose rows get the connector's proposals.
    private async Task<int> ReadsForAPageAsync(ApiClient api)
    {
        _reads.Clear();
        var items = (await api.GetJsonAsync("/api/v1/erp/sub-jobs")).GetProperty("items");
        items.EnumerateArray().Any(i => i.GetProperty("proposedErpJobId").GetString() is { Length: > 0 }).ShouldBeTrue("the page shows the connector's proposals");
        return _reads.Count;
    }

    private sealed class CompanyReads : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public int Count => _texts.Count(t => t.Contains("FROM \"Companies\"", StringComparison.Ordinal));

        public void Clear() => _texts.Clear();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            // HttpContextAccessor keeps the current request in an AsyncLocal shared by all its instances.
            if (new HttpContextAccessor().HttpContext?.Request.Headers.ContainsKey(Header) == true)
            {
                _texts.Enqueue(command.CommandText);
            }

            return ValueTask.FromResult(result);
        }
    }
}
