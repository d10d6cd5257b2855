using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Data;

/// <summary>
/// The scope's AppDbContext comes from EF Core's context pool: a context that served one company's scope serves the
/// next scope's company, never the last one's.
/// </summary>
public sealed class ContextPoolTests(SharedApp shared) : IClassFixture<SharedApp>
{
    [Fact]
    public async Task AContextHandedOutAgain_ReadsOnlyTheNewScopesCompany()
    {
        var app = shared.App;
        Guid[] companies = [(await app.CompanyAsync(DemoData.Demo)).Id, (await app.CompanyAsync(DemoData.Other)).Id];
        var served = new Dictionary<AppDbContext, HashSet<Guid>>(ReferenceEqualityComparer.Instance);
        var random = new Random(7);
        for (var i = 0; i < 500 && !served.Values.Any(s => s.Count == 2); i++)
        {
            var company = companies[random.Next(2)];
            var (context, seen, filterValue) = await app.WithDbAsync(company, async db =>
                (db, await db.SubJobs.Select(s => s.CompanyId).Distinct().ToListAsync(), db.CompanyId));

            filterValue.ShouldBe(company);
            seen.ShouldBe([company], "a scope's context read another company's sub jobs");
            (served.TryGetValue(context, out var companiesOfContext) ? companiesOfContext : served[context] = []).Add(company);
        }

        served.Values.ShouldContain(s => s.Count == 2, "no context was handed out again to the other company, so the pool was not exercised");
    }

    [Fact]
    public async Task WhatWaitedForATransactionDisposedUncommitted_IsNotRunAtTheContextsNextCommit()
    {
        var app = shared.App;
        var afterCommit = app.Services.GetRequiredService<AfterCommit>();
        var ran = new List<string>();
        await app.WithDbAsync(Guid.Empty, async db =>
        {
            await using (var abandoned = await db.Database.BeginTransactionAsync())
            {
                afterCommit.Run(db, () => ran.Add("abandoned"));
            }

            await using (var next = await db.Database.BeginTransactionAsync())
            {
                afterCommit.Run(db, () => ran.Add("committed"));
                ran.ShouldBeEmpty("nothing runs before the commit");
                await next.CommitAsync();
            }

            await using (var last = await db.Database.BeginTransactionAsync())
            {
                await last.CommitAsync();
            }

            return 0;
        });

        ran.ShouldBe(["committed"]);
    }
}
