using System.Collections.Concurrent;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features;

// Companies as this instance last read them, for Lifetime, for what a list shows beside its rows (the ERP Job ID a
// connector proposes, the ERP an export waits for): the list API reads its company on every request otherwise, a
// statement as costly as its page's on PostgreSQL. Never for a decision: Accept and every change read the company
// afresh (CurrentErp). A save in this process that changes a company evicts it at once (CacheEviction); another
// instance's change reaches this one within Lifetime, as a bearer sign-in's does (ApiPrincipalCache).
public sealed class CompanyCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, (Company Company, DateTime CachedAt)> _companies = new();

    // Counts each company's evictions: a read taken before an eviction is not cached after it.
    private readonly ConcurrentDictionary<Guid, long> _evictions = new();

    // The company and the count of its evictions to pass to Add after a fresh read.
    public (Company? Company, long Evictions) Find(Guid id) =>
        (_companies.TryGetValue(id, out var cached) && Now - cached.CachedAt < Lifetime ? cached.Company : null, _evictions.GetValueOrDefault(id));

    // Read (untracked, never changed afterwards) while the company's evictions were `evictions`.
    public void Add(Company company, long evictions)
    {
        _companies[company.Id] = (company, Now);
        if (_evictions.GetValueOrDefault(company.Id) != evictions)
        {
            _companies.TryRemove(company.Id, out _);
        }
    }

    public void Evict(Guid id)
    {
        _evictions.AddOrUpdate(id, 1, (_, count) => count + 1);
        _companies.TryRemove(id, out _);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
