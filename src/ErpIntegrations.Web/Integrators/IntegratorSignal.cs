namespace ErpIntegrations.Web.Integrators;

// Wakes every long-polling claim in this process the moment an ERP request for an integrator is committed. A broadcast,
// unlike a queue's WorkSignal: each waiting claim looks for itself. Claims also poll the database, for requests
// committed by other instances.
public sealed class IntegratorSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Taken before looking for work, so that a request committed while looking still wakes the waiter.
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
