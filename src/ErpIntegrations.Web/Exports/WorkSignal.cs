using System.Runtime.CompilerServices;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Exports;

/// <summary>Wakes a background worker the moment its work is committed in this process.</summary>
public abstract class WorkSignal
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

/// <summary>Wakes the exporter when an ERP request is committed.</summary>
public sealed class ExportSignal : WorkSignal;

/// <summary>Wakes the email sender when an email is committed to the outbox.</summary>
public sealed class EmailSignal : WorkSignal;

/// <summary>Signals the workers after (never before) a save that added their work succeeded.</summary>
internal sealed class WorkSignalInterceptor(ExportSignal exports, EmailSignal emails) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, StrongBox<(bool Exports, bool Emails)>> _adding = [];

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

        var addsExports = context.ChangeTracker.Entries<ErpRequest>().Any(e => e.State == EntityState.Added);
        var addsEmails = context.ChangeTracker.Entries<OutboxEmail>().Any(e => e.State == EntityState.Added);
        if (addsExports || addsEmails)
        {
            _adding.AddOrUpdate(context, new((addsExports, addsEmails)));
        }
    }

    private void NotifyIfAdded(DbContext? context)
    {
        if (context is null || !_adding.TryGetValue(context, out var added))
        {
            return;
        }

        _adding.Remove(context);
        if (context.Database.CurrentTransaction is not null)
        {
            return;
        }

        if (added.Value.Exports)
        {
            exports.Notify();
        }

        if (added.Value.Emails)
        {
            emails.Notify();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _adding.Remove(context);
        }
    }
}
