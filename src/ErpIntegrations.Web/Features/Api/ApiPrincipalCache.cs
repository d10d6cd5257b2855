using System.Collections.Concurrent;
using System.Security.Claims;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace ErpIntegrations.Web.Features.Api;

// Bearer sign-ins already checked, by the token's hash, for Lifetime: a client calling many times a second is signed in
// without a query. Every entry of a user is evicted at once when a save changes the user (deactivation, a password, a
// privilege, a lockout) or one of their tokens (a revocation), in this process. Another instance's change reaches this
// one within Lifetime.
internal sealed class ApiPrincipalCache(IMemoryCache cache, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _generations = new(StringComparer.Ordinal);

    internal sealed record Entry(Guid TokenId, Guid UserId, DateTime? ExpiresAt, IReadOnlyList<Claim> Claims, Actor Actor, DateTime CachedAt)
    {
        // When the token's last use was last written (to the minute), so that it is written once a minute at most.
        public DateTime? LastUsedAt { get; set; }
    }

    public Entry? Find(string hash) =>
        cache.TryGetValue(Key(hash), out Entry? entry) && entry is not null && Now - entry.CachedAt < Lifetime ? entry : null;

    // Taken before the token (or its owner) is read: a change to it saved after that evicts what is then cached from the read.
    public IChangeToken TokenGeneration(string hash) => Generation("token:" + hash);

    public IChangeToken UserGeneration(Guid userId) => Generation($"user:{userId}");

    public void Add(string hash, Entry entry, params IEnumerable<IChangeToken> generations)
    {
        using var cached = cache.CreateEntry(Key(hash));
        cached.Value = entry;
        cached.AbsoluteExpirationRelativeToNow = Lifetime;
        foreach (var generation in generations)
        {
            cached.AddExpirationToken(generation);
        }
    }

    public void EvictToken(string hash) => Evict("token:" + hash);

    public void EvictUser(Guid userId) => Evict($"user:{userId}");

    private IChangeToken Generation(string key) => new CancellationChangeToken(_generations.GetOrAdd(key, _ => new CancellationTokenSource()).Token);

    private void Evict(string key)
    {
        if (_generations.TryRemove(key, out var generation))
        {
            // Not disposed: a sign-in that took it from the dictionary just before may still read its token.
            generation.Cancel();
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static string Key(string hash) => "bearer:" + hash;
}

// Evicts the cached bearer sign-ins of every user a save changed, or whose token it changed, once the save is committed:
// at once, and again when the transaction the save was part of commits (a sign-in read in between saw the old state).
internal sealed class ApiPrincipalEviction(ApiPrincipalCache cache) : SaveChangesInterceptor, IDbTransactionInterceptor
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

        var (users, tokens) = (new HashSet<Guid>(), new HashSet<string>(StringComparer.Ordinal));
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
            }
        }

        if (users.Count > 0)
        {
            var changed = _pending.GetOrCreateValue(db);
            lock (changed)
            {
                changed.Users.UnionWith(users);
                changed.Tokens.UnionWith(tokens);
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
        }
    }

    private sealed class Changed
    {
        public HashSet<Guid> Users { get; } = [];

        public HashSet<string> Tokens { get; } = new(StringComparer.Ordinal);
    }
}
