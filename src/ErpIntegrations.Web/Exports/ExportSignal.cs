using System.Runtime.CompilerServices;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Exports;

/// <summary>Wakes the exporter the moment an ERP request is committed in this process.</summary>
public sealed class ExportSignal
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
            // Already signalled: one wake-up covers every request committed before the exporter looks.
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

/// <summary>Signals <see cref="ExportSignal"/> after (never before) a save that added an ERP request succeeded.</summary>
internal sealed class ExportSignalInterceptor(ExportSignal signal) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _addingRequests = [];

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
        if (context is not null && context.ChangeTracker.Entries<ErpRequest>().Any(e => e.State == EntityState.Added))
        {
            _addingRequests.AddOrUpdate(context, this);
        }
    }

    private void NotifyIfAdded(DbContext? context)
    {
        if (context is not null && _addingRequests.Remove(context) && context.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _addingRequests.Remove(context);
        }
    }
}
