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
    // By context, weakly, with the transaction they wait for. Contexts come from a pool and outlive their transactions:
    // a transaction disposed without a commit or a rollback (an exception before either) raises no event here, so what
    // it left is dropped when the context's next transaction adds its own, and never run at that one's commit.
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    private sealed record Pending(Guid TransactionId, List<Action> Actions);

    // Called from a SavedChanges interceptor (the save has succeeded).
    public void Run(DbContext context, Action action)
    {
        if (context.Database.CurrentTransaction is not { } transaction)
        {
            action();
            return;
        }

        if (!_pending.TryGetValue(context, out var pending) || pending.TransactionId != transaction.TransactionId)
        {
            pending = new Pending(transaction.TransactionId, []);
            _pending.AddOrUpdate(context, pending);
        }

        pending.Actions.Add(action);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => RunPending(eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RunPending(eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void RunPending(TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            _pending.Remove(context);
            if (pending.TransactionId == eventData.TransactionId)
            {
                foreach (var action in pending.Actions)
                {
                    action();
                }
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
