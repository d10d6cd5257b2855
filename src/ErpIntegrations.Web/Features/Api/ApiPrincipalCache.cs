using System.Collections.Concurrent;
using System.Security.Claims;
using ErpIntegrations.Web.Domain;
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
