using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ErpIntegrations.Web.Data;

// Runs what must follow a save only once that save is committed: at once after a save outside a transaction, or when
// the transaction it is part of (Accept's) commits, and never if it rolls back. A worker woken before the commit would
// look, find nothing, and sleep until its fallback poll.
internal sealed class AfterCommit : IDbTransactionInterceptor
{
    // By context, weakly: a transaction disposed without a commit leaves nothing behind.
    private readonly ConditionalWeakTable<DbContext, List<Action>> _pending = [];

    // Called from a SavedChanges interceptor (the save has succeeded).
    public void Run(DbContext context, Action action)
    {
        if (context.Database.CurrentTransaction is null)
        {
            action();
            return;
        }

        _pending.GetOrCreateValue(context).Add(action);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => RunPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RunPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void RunPending(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var actions))
        {
            _pending.Remove(context);
            foreach (var action in actions)
            {
                action();
            }
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
