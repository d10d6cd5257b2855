using System.Linq.Expressions;
using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Queues;

// What a row needs to be work in a LeasedQueue<T>; the queue alone changes the lease and the count.
public interface ILeasedWork
{
    Guid Id { get; }

    // Attempts started, counted when each starts, so that one cut short by a crash counts too.
    int Attempts { get; }

    DateTime NextAttemptAt { get; }

    Guid? LeaseToken { get; }

    DateTime? LeaseExpiresAt { get; }
}

public sealed record LeasedQueueSettings
{
    public required string WorkName { get; init; }

    public required int BatchSize { get; init; }

    public required TimeSpan Lease { get; init; }

    // A call bounded by LeasedAttempt<T>.LimitToLease ends this long before the lease does, leaving time to save its outcome.
    public TimeSpan LeaseMargin { get; init; }

    public required int MaxAttempts { get; init; }

    // When true, an item whose MaxAttempts were all started without an outcome is not started again but
    // handed to its worker as LeasedAttempt<T>.IsExhausted, so that work which keeps crashing its worker ends.
    // False where rounds that only wait (for a mail server that is down) count as attempts but must not give up.
    public bool StopStartingAtMaxAttempts { get; init; } = true;

    public required RetryBackoff Backoff { get; init; }
}

// Exponential backoff, capped, with ±20 % jitter so that retries of many items do not arrive together.
public sealed record RetryBackoff(TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public TimeSpan DelayAfter(int attempt)
    {
        var exponential = BaseDelay.TotalSeconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}

// A batch of items leased to one worker until LeaseToken is replaced or its lease ends.
public sealed record LeaseClaim(IReadOnlyList<Guid> Ids, Guid LeaseToken);

// Durable work in a database table, shared by any number of workers in any number of processes: a worker claims due
// items with a lease, starts each attempt by renewing its lease and counting it, and saves the outcome only while the
// lease is still its own (the lease token is the row's concurrency token). A worker that dies lets its leases run out,
// and another takes the items over.
// CappedAttempts: the count MaxAttempts caps when StopStartingAtMaxAttempts, counted up with Attempts as each attempt
// starts (the worker may take some back); by default Attempts itself.
public sealed class LeasedQueue<T>(IServiceScopeFactory scopes, Expression<Func<T, bool>> isPending, LeasedQueueSettings settings, TimeProvider time, ILogger logger, Expression<Func<T, int>>? cappedAttempts = null)
    where T : class, ILeasedWork
{
    // Claims batches and hands each to processBatch until nothing is due; returns how many items it handled.
    public async Task<int> RunOnceAsync(Func<LeaseClaim, CancellationToken, Task> processBatch, CancellationToken cancellationToken)
    {
        var handled = 0;
        int batch;
        while (!cancellationToken.IsCancellationRequested && (batch = await ProcessNextBatchAsync(processBatch, cancellationToken)) > 0)
        {
            handled += batch;
        }

        return handled;
    }

    public async Task<int> ProcessNextBatchAsync(Func<LeaseClaim, CancellationToken, Task> processBatch, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(cancellationToken);
        if (claim is null)
        {
            return 0;
        }

        await processBatch(claim, cancellationToken);
        return claim.Ids.Count;
    }

    // Leases a batch of due items with one conditional UPDATE: a row is taken only if it is still due and unleased at
    // that instant, so of two workers racing for it exactly one gets it.
    public async Task<LeaseClaim?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var round = 0; round < 3; round++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            // Ties (a company's exports held until the same instant) are broken by id, so that the order, and which
            // request probes an ERP that is down, is the same on every provider (PostgreSQL's heap order moves each
            // updated row to the end, which would hand the probe to a different request every time).
            var candidates = await Due(db, now)
                .OrderBy(w => w.NextAttemptAt)
                .ThenBy(w => w.Id)
                .Select(w => w.Id)
                .Take(settings.BatchSize * 4)
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                return null;
            }

            // A random slice, so that competing workers rarely race for the same rows.
            var slice = candidates.Skip(Random.Shared.Next(Math.Max(1, candidates.Count - settings.BatchSize + 1))).Take(settings.BatchSize).ToList();
            var token = Guid.NewGuid();
            var leaseUntil = now + settings.Lease;
            var claimed = await Due(db, now)
                .Where(w => slice.Contains(w.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.LeaseToken, token).SetProperty(w => w.LeaseExpiresAt, leaseUntil), cancellationToken);
            if (claimed > 0)
            {
                var ids = await Items(db).Where(w => slice.Contains(w.Id) && w.LeaseToken == token).OrderBy(w => w.NextAttemptAt).ThenBy(w => w.Id).Select(w => w.Id).ToListAsync(cancellationToken);
                return new LeaseClaim(ids, token);
            }
        }

        return null;
    }

    // Starts an attempt at each claimed item still ours, hands it to work, and saves what it recorded.
    public Task ProcessAsync(LeaseClaim claim, Func<LeasedAttempt<T>, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        ProcessAsync(claim, null, work, cancellationToken);

    // The same, asking admit first, just before each item's turn (with the item as it was claimed, untracked), whether
    // its attempt may start. An item not admitted is handed to work as LeasedAttempt<T>.IsHeld without an attempt
    // started or counted; work must release it (a later NextAttemptAt and no lease) or complete it.
    public async Task ProcessAsync(LeaseClaim claim, Func<T, bool>? admit, Func<LeasedAttempt<T>, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var claimed = admit is null
            ? null
            : await Items(db).AsNoTracking().Where(w => claim.Ids.Contains(w.Id) && w.LeaseToken == claim.LeaseToken).ToDictionaryAsync(w => w.Id, cancellationToken);
        foreach (var id in claim.Ids)
        {
            if (claimed is not null && (!claimed.TryGetValue(id, out var snapshot) || !admit!(snapshot)))
            {
                if (snapshot is not null)
                {
                    await HoldAsync(db, id, claim.LeaseToken, work, cancellationToken);
                }

                continue;
            }

            // Each item's lease is renewed just before its attempt and its outcome saved right after, so slow work never
            // outlasts the lease of items still waiting in the batch. The same UPDATE counts the attempt, so an attempt
            // that never saves an outcome (a crash, a failure outside the work) still uses one up. Counting here rather
            // than at the batch claim charges only items whose attempt starts: an item that crashes its worker must not
            // use up the attempts of those queued behind it.
            var leaseUntil = time.GetUtcNow().UtcDateTime + settings.Lease;
            var started = await StartAttemptAsync(db, id, claim.LeaseToken, leaseUntil, cancellationToken);

            db.ChangeTracker.Clear();
            var item = await Held(db, id, claim.LeaseToken).SingleOrDefaultAsync(cancellationToken);
            if (item is null)
            {
                continue;
            }

            await work(new LeasedAttempt<T>(item, db, started ? LeasedAttemptKind.Started : LeasedAttemptKind.Exhausted, leaseUntil, settings, time), cancellationToken);
            await SaveAsync(db, id, cancellationToken);
        }
    }

    // Opens a claimed batch to be worked on together (see LeasedBatch<T>); null when none of it is still ours.
    public async Task<LeasedBatch<T>?> OpenAsync(LeaseClaim claim, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var claimed = await Items(db).AsNoTracking().Where(w => claim.Ids.Contains(w.Id) && w.LeaseToken == claim.LeaseToken).ToDictionaryAsync(w => w.Id, cancellationToken);
        if (claimed.Count == 0)
        {
            await scope.DisposeAsync();
            return null;
        }

        return new LeasedBatch<T>(this, scope, db, claim.LeaseToken, [.. claim.Ids.Where(claimed.ContainsKey).Select(id => claimed[id])]);
    }

    // One UPDATE renews the lease of every item given and counts an attempt on each (those with attempts left when
    // settings.StopStartingAtMaxAttempts); one query then loads them, tracked.
    internal async Task<List<LeasedAttempt<T>>> StartAsync(AppDbContext db, Guid leaseToken, IReadOnlyDictionary<Guid, T> claimed, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var leaseUntil = time.GetUtcNow().UtcDateTime + settings.Lease;
        var ours = Items(db).Where(w => ids.Contains(w.Id) && w.LeaseToken == leaseToken);
        await StartAttemptsAsync(ours, leaseUntil, cancellationToken);
        var items = await Items(db).Where(w => ids.Contains(w.Id) && w.LeaseToken == leaseToken).ToDictionaryAsync(w => w.Id, cancellationToken);
        return [.. ids.Where(items.ContainsKey).Select(id => new LeasedAttempt<T>(
            items[id],
            db,
            items[id].Attempts > claimed[id].Attempts ? LeasedAttemptKind.Started : LeasedAttemptKind.Exhausted,
            leaseUntil,
            settings,
            time))];
    }

    // Loads the items given, tracked, as held back without an attempt (those whose lease is still ours).
    internal async Task<List<LeasedAttempt<T>>> HoldAsync(AppDbContext db, Guid leaseToken, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var items = await Items(db).Where(w => ids.Contains(w.Id) && w.LeaseToken == leaseToken).ToDictionaryAsync(w => w.Id, cancellationToken);
        return [.. ids.Where(items.ContainsKey).Select(id => items[id]).Where(w => w.LeaseExpiresAt is not null)
            .Select(w => new LeasedAttempt<T>(w, db, LeasedAttemptKind.Held, w.LeaseExpiresAt!.Value, settings, time))];
    }

    // Saves what was recorded on a batch in one transaction. An item whose lease ran out meanwhile was taken over by
    // another worker, whose record is the one that counts: forget takes back what was recorded on it, and the rest is saved.
    internal async Task SaveAsync(AppDbContext db, Guid leaseToken, IReadOnlyList<LeasedAttempt<T>> attempts, Action<LeasedAttempt<T>> forget, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (round < 3)
            {
                var ids = attempts.Select(a => a.Item.Id).ToList();
                var ours = (await Items(db).Where(w => ids.Contains(w.Id) && w.LeaseToken == leaseToken).Select(w => w.Id).ToListAsync(cancellationToken)).ToHashSet();
                var lost = attempts.Where(a => !ours.Contains(a.Item.Id) && db.Entry(a.Item).State != EntityState.Unchanged && db.Entry(a.Item).State != EntityState.Detached).ToList();
                if (lost.Count == 0)
                {
                    throw;
                }

                foreach (var attempt in lost)
                {
                    logger.LogWarning("Lost the lease on {Work} {Id}; another worker has taken it over.", settings.WorkName, attempt.Item.Id);
                    forget(attempt);
                }
            }
        }
    }

    private async Task HoldAsync(AppDbContext db, Guid id, Guid leaseToken, Func<LeasedAttempt<T>, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var item = await Held(db, id, leaseToken).SingleOrDefaultAsync(cancellationToken);
        if (item?.LeaseExpiresAt is { } leaseExpiresAt)
        {
            await work(new LeasedAttempt<T>(item, db, LeasedAttemptKind.Held, leaseExpiresAt, settings, time), cancellationToken);
            await SaveAsync(db, id, cancellationToken);
        }
    }

    private async Task SaveAsync(AppDbContext db, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The lease ran out during the attempt and another worker took the item over; its record is the one that counts.
            logger.LogWarning("Lost the lease on {Work} {Id}; another worker has taken it over.", settings.WorkName, id);
        }
    }

    private async Task<bool> StartAttemptAsync(AppDbContext db, Guid id, Guid leaseToken, DateTime leaseUntil, CancellationToken cancellationToken) =>
        await StartAttemptsAsync(Held(db, id, leaseToken), leaseUntil, cancellationToken) > 0;

    private async Task<int> StartAttemptsAsync(IQueryable<T> ours, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        if (settings.StopStartingAtMaxAttempts)
        {
            var capped = cappedAttempts ?? (w => w.Attempts);
            ours = ours.Where(Expression.Lambda<Func<T, bool>>(Expression.LessThan(capped.Body, Expression.Constant(settings.MaxAttempts)), capped.Parameters));
        }

        return await ours.ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(w => w.LeaseExpiresAt, leaseUntil).SetProperty(w => w.Attempts, w => w.Attempts + 1);
                if (cappedAttempts is not null)
                {
                    s.SetProperty(cappedAttempts, Expression.Lambda<Func<T, int>>(Expression.Add(cappedAttempts.Body, Expression.Constant(1)), cappedAttempts.Parameters));
                }
            },
            cancellationToken);
    }

    private IQueryable<T> Items(AppDbContext db) => db.Set<T>().IgnoreQueryFilters().Where(isPending);

    private IQueryable<T> Due(AppDbContext db, DateTime now) =>
        Items(db).Where(w => w.NextAttemptAt <= now && (w.LeaseExpiresAt == null || w.LeaseExpiresAt < now));

    private IQueryable<T> Held(AppDbContext db, Guid id, Guid leaseToken) =>
        Items(db).Where(w => w.Id == id && w.LeaseToken == leaseToken);
}

// A claimed batch worked on in one scope: its items' attempts are started together (StartAsync: one UPDATE and one
// query for any number of them), and what the worker records on them is saved together (SaveAsync: one transaction). A
// crash before the save charges an attempt to every item started, and their leases run out as usual.
public sealed class LeasedBatch<T> : IAsyncDisposable
    where T : class, ILeasedWork
{
    private readonly LeasedQueue<T> _queue;
    private readonly AsyncServiceScope _scope;
    private readonly Guid _leaseToken;
    private readonly Dictionary<Guid, T> _claimed;
    private readonly List<LeasedAttempt<T>> _attempts = [];

    internal LeasedBatch(LeasedQueue<T> queue, AsyncServiceScope scope, AppDbContext db, Guid leaseToken, IReadOnlyList<T> claimed)
    {
        _queue = queue;
        _scope = scope;
        _leaseToken = leaseToken;
        Db = db;
        Claimed = claimed;
        _claimed = claimed.ToDictionary(w => w.Id);
    }

    public AppDbContext Db { get; }

    // The items still ours when the batch was opened, untracked, as they were then, in the claim's order.
    public IReadOnlyList<T> Claimed { get; }

    public async Task<IReadOnlyList<LeasedAttempt<T>>> StartAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var started = await _queue.StartAsync(Db, _leaseToken, _claimed, ids, cancellationToken);
        _attempts.AddRange(started);
        return started;
    }

    // Items not admitted: handed back without an attempt, to be released (a later NextAttemptAt and no lease) or completed.
    public async Task<IReadOnlyList<LeasedAttempt<T>>> HoldAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var held = await _queue.HoldAsync(Db, _leaseToken, ids, cancellationToken);
        _attempts.AddRange(held);
        return held;
    }

    public Task SaveAsync(Action<LeasedAttempt<T>> forget, CancellationToken cancellationToken) =>
        _queue.SaveAsync(Db, _leaseToken, _attempts, forget, cancellationToken);

    public ValueTask DisposeAsync() => _scope.DisposeAsync();
}

public enum LeasedAttemptKind
{
    Started,

    // Every attempt MaxAttempts allows was started and the last saved no outcome: none was started now.
    Exhausted,

    // Not admitted: held back without an attempt.
    Held,
}

// One turn of a leased item (normally a started attempt), tracked by Db: what the worker records on it is saved after.
public sealed class LeasedAttempt<T>(T item, AppDbContext db, LeasedAttemptKind kind, DateTime leaseExpiresAt, LeasedQueueSettings settings, TimeProvider time)
    where T : class, ILeasedWork
{
    public T Item => item;

    public AppDbContext Db => db;

    // Every attempt was started and the last saved no outcome: it was cut short by a crash or a stop. Give the item up.
    public bool IsExhausted => kind == LeasedAttemptKind.Exhausted;

    // The item was not admitted: no attempt was started. Release it (or complete it) without working on it.
    public bool IsHeld => kind == LeasedAttemptKind.Held;

    public DateTime LeaseExpiresAt => leaseExpiresAt;

    // No attempt is left after this one: a failure now gives the item up.
    public bool IsLast => item.Attempts >= settings.MaxAttempts;

    public TimeSpan Allowed => settings.Lease - settings.LeaseMargin;

    public DateTime NextAttemptAt() => time.GetUtcNow().UtcDateTime + settings.Backoff.DelayAfter(item.Attempts);

    // A cancellation that comes LeasedQueueSettings.LeaseMargin before the lease ends, so that the outcome is saved while the item is still ours.
    public LeaseDeadline LimitToLease(CancellationToken cancellationToken)
    {
        var timeLeft = leaseExpiresAt - settings.LeaseMargin - time.GetUtcNow().UtcDateTime;
        return new LeaseDeadline(timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.Zero, time, cancellationToken);
    }
}

public sealed class LeaseDeadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _outer;

    internal LeaseDeadline(TimeSpan timeLeft, TimeProvider time, CancellationToken outer)
    {
        _outer = outer;
        _timeout = new CancellationTokenSource(timeLeft, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timeout.Token);
    }

    public CancellationToken Token => _linked.Token;

    // The lease's deadline cancelled the call, not the worker's own stop.
    public bool HasPassed => _timeout.IsCancellationRequested && !_outer.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
