using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.Api;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Features;

// Evicts the cached bearer sign-ins of every user a save changed, or whose token it changed, and the cached companies it
// changed (CompanyCache), once the save is committed: at once, and again when the transaction the save was part of
// commits (a read in between saw the old state).
internal sealed class CacheEviction(ApiPrincipalCache cache, CompanyCache companies) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // By context, weakly. Contexts come from a pool: what a transaction disposed without a commit or a rollback left is
    // evicted again at the context's next save or transaction end in another scope, which is harmless (evicting is always safe).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Changed> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Evict(eventData.Context, keepForCommit: eventData.Context?.Database.CurrentTransaction is not null);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Evict(eventData.Context, keepForCommit: eventData.Context?.Database.CurrentTransaction is not null);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Evict(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Evict(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Evict(eventData.Context);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Evict(eventData.Context);
        return Task.CompletedTask;
    }

    // A failed save may still have been committed in part elsewhere: evicting is always safe.
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Evict(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Evict(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        var (users, tokens, changedCompanies) = (new HashSet<Guid>(), new HashSet<string>(StringComparer.Ordinal), new HashSet<Guid>());
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case User user when entry.State != EntityState.Added:
                    users.Add(user.Id);
                    break;
                case ApiToken token when entry.State != EntityState.Added:
                    users.Add(token.UserId);
                    tokens.Add(token.Hash);
                    break;
                case IdentityUserRole<Guid> role:
                    users.Add(role.UserId);
                    break;
                case IdentityUserClaim<Guid> claim:
                    users.Add(claim.UserId);
                    break;
                case Company company when entry.State != EntityState.Added:
                    changedCompanies.Add(company.Id);
                    break;
            }
        }

        if (users.Count > 0 || changedCompanies.Count > 0)
        {
            var changed = _pending.GetOrCreateValue(db);
            lock (changed)
            {
                changed.Users.UnionWith(users);
                changed.Tokens.UnionWith(tokens);
                changed.Companies.UnionWith(changedCompanies);
            }
        }
    }

    private void Evict(DbContext? db, bool keepForCommit = false)
    {
        if (db is not null && _pending.TryGetValue(db, out var changed))
        {
            if (!keepForCommit)
            {
                _pending.Remove(db);
            }

            foreach (var token in changed.Tokens)
            {
                cache.EvictToken(token);
            }

            foreach (var user in changed.Users)
            {
                cache.EvictUser(user);
            }

            foreach (var company in changed.Companies)
            {
                companies.Evict(company);
            }
        }
    }

    private sealed class Changed
    {
        public HashSet<Guid> Users { get; } = [];

        public HashSet<string> Tokens { get; } = new(StringComparer.Ordinal);

        public HashSet<Guid> Companies { get; } = [];
    }
}
