using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Queues;

// Wakes a queue's workers the moment its work is committed in this process.
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers all work committed before the worker looks.
        }
    }

    public async Task WaitAsync(TimeSpan fallbackPoll, CancellationToken cancellationToken)
    {
        try
        {
            await _pending.WaitAsync(fallbackPoll, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}

// One WorkSignal per kind of queued work: a save that adds rows of a queue wakes that queue's workers.
public sealed class WorkSignals
{
    private readonly ConcurrentDictionary<Type, WorkSignal> _signals = new();

    public WorkSignal For<T>()
        where T : ILeasedWork => For(typeof(T));

    internal WorkSignal For(Type workType) => _signals.GetOrAdd(workType, _ => new WorkSignal());
}

// Signals the workers after (never before) a save that added their work is committed.
internal sealed class WorkSignalInterceptor(WorkSignals signals, AfterCommit afterCommit) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, HashSet<Type>> _adding = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfAdded(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfAdded(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        Forget(eventData.Context);
        base.SaveChangesFailed(eventData);
    }

    private void Remember(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var added = context.ChangeTracker.Entries<ILeasedWork>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.GetType()).ToHashSet();
        if (added.Count > 0)
        {
            _adding.AddOrUpdate(context, added);
        }
    }

    private void NotifyIfAdded(DbContext? context)
    {
        if (context is null || !_adding.TryGetValue(context, out var added))
        {
            return;
        }

        _adding.Remove(context);
        afterCommit.Run(context, () =>
        {
            foreach (var workType in added)
            {
                signals.For(workType).Notify();
            }
        });
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _adding.Remove(context);
        }
    }
}
