using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Connectors.Sandbox;

// The Sandbox ERP's simulated latency and faults, read by its connector on every call. They start as configured in
// SandboxErpOptions; tests change them here on a running app to make the ERP slow or failing, and the
// options themselves never change.
public sealed class SandboxErpFaults(IOptions<SandboxErpOptions> options)
{
    private double _transientFaultRate = options.Value.TransientFaultRate;
    private double _permanentFaultRate = options.Value.PermanentFaultRate;
    private TimeSpan _latency = options.Value.Latency;
    private int _maxExportsPerCall = int.MaxValue;

    public TimeSpan Latency
    {
        get => _latency;
        set => _latency = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The latency cannot be negative.");
    }

    public double TransientFaultRate
    {
        get => _transientFaultRate;
        set => _transientFaultRate = Rate(value);
    }

    // The most exports the connector takes in one call (IErpConnector.MaxExportsPerCall): all of them unless a test
    // makes the Sandbox stand for an ERP that takes fewer.
    public int MaxExportsPerCall
    {
        get => _maxExportsPerCall;
        set => _maxExportsPerCall = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A call takes at least one export.");
    }

    public double PermanentFaultRate
    {
        get => _permanentFaultRate;
        set => _permanentFaultRate = Rate(value);
    }

    private readonly ConcurrentDictionary<string, bool> _down = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExportCalls> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _largestCalls = new(StringComparer.Ordinal);

    // Takes one ledger's ERP down: every export to it fails transiently ("unreachable") until BringBack.
    public void TakeDown(string ledger) => _down[ledger] = true;

    public void BringBack(string ledger) => _down.TryRemove(ledger, out _);

    public bool IsDown(string ledger) => _down.ContainsKey(ledger);

    // Exports the connector was asked for on one ledger, and the most that were in progress at once.
    public (int Total, int MostAtOnce) ExportCallsTo(string ledger) =>
        _calls.TryGetValue(ledger, out var calls) ? calls.Read() : (0, 0);

    // The most exports one call to a ledger carried (ExportSubJobsAsync), 0 before any.
    public int LargestCallTo(string ledger) => _largestCalls.TryGetValue(ledger, out var largest) ? largest : 0;

    internal void RecordCall(string ledger, int exports) => _largestCalls.AddOrUpdate(ledger, exports, (_, largest) => Math.Max(largest, exports));

    internal IDisposable StartExportCall(string ledger) => _calls.GetOrAdd(ledger, _ => new ExportCalls()).Start();

    private static double Rate(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A fault rate lies between 0 and 1.");

    private sealed class ExportCalls
    {
        private readonly Lock _lock = new();
        private int _total;
        private int _inProgress;
        private int _mostAtOnce;

        public IDisposable Start()
        {
            lock (_lock)
            {
                _total++;
                _inProgress++;
                _mostAtOnce = Math.Max(_mostAtOnce, _inProgress);
            }

            return new End(this);
        }

        public (int Total, int MostAtOnce) Read()
        {
            lock (_lock)
            {
                return (_total, _mostAtOnce);
            }
        }

        private sealed class End(ExportCalls calls) : IDisposable
        {
            private int _ended;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _ended, 1) == 0)
                {
                    lock (calls._lock)
                    {
                        calls._inProgress--;
                    }
                }
            }
        }
    }
}
