using System.Collections.Concurrent;
using ErpIntegrations.Web.Queues;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Exports;

// What the breaker lets an export do now: call the ERP, call it as the one probe of an open circuit, or wait.
public abstract record ErpAdmission
{
    private ErpAdmission()
    {
    }

    public static readonly ErpAdmission Call = new CallNow();

    public static readonly ErpAdmission Probe = new ProbeNow();

    public sealed record CallNow : ErpAdmission;

    public sealed record ProbeNow : ErpAdmission;

    // The company's ERP has been unreachable since Since; the export waits until Until without an attempt.
    public sealed record Wait(DateTime Since, DateTime Until) : ErpAdmission;
}

// An open circuit: the ERP unreachable since Since, its next probe at NextProbeAt, and the rest of the company's exports
// held until HoldUntil (after that probe's answer).
public sealed record ErpOutage(DateTime Since, DateTime NextProbeAt, DateTime HoldUntil);

// One circuit breaker per company, in this process: Polly's circuit-breaker shape (closed, open, half-open with one
// probe at a time), kept here rather than in a Polly pipeline because the decision to hold an export must be taken
// before its attempt is counted, and the times it yields are written to the held requests. A circuit opens when,
// within Exports:BreakerSamplingSeconds, at least Exports:BreakerMinimumCalls exports were tried and at least
// Exports:BreakerFailureRatio of them found the ERP unreachable. While open, one export at a time probes the ERP, after a
// capped, jittered backoff that grows with each failed probe; any answer from the ERP closes the circuit.
public sealed class ErpCircuitBreakers(IOptions<ExportOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, Circuit> _circuits = new();
    private readonly ExportOptions _options = options.Value;
    private readonly RetryBackoff _backoff = new(options.Value.BaseRetryDelay, options.Value.MaxRetryDelay);

    public ErpAdmission Admit(Guid companyId)
    {
        var circuit = For(companyId);
        lock (circuit)
        {
            var now = Now;
            if (circuit.Outage is not { } outage)
            {
                return ErpAdmission.Call;
            }

            if (circuit.ProbeUntil is { } probing && probing > now)
            {
                return new ErpAdmission.Wait(outage.Since, Max(outage.HoldUntil, probing));
            }

            if (now >= outage.NextProbeAt)
            {
                circuit.ProbeUntil = now + _options.Lease;
                return ErpAdmission.Probe;
            }

            return new ErpAdmission.Wait(outage.Since, outage.HoldUntil);
        }
    }

    // The circuit is closed and the ERP's last word was an answer: the company's exports may go several in one call. False
    // before its first answer and after a failure, when they go one at a time so that the breaker sees each outcome.
    public bool IsAnswering(Guid companyId)
    {
        var circuit = For(companyId);
        lock (circuit)
        {
            return circuit.Outage is null && circuit.Answered;
        }
    }

    // The ERP answered (a success or a refusal): the circuit closes. True when it was open, so that the exports it held
    // may go at once.
    public bool RecordAnswer(Guid companyId)
    {
        var circuit = For(companyId);
        lock (circuit)
        {
            var now = Now;
            var wasOpen = circuit.Outage is not null;
            if (wasOpen)
            {
                circuit.Close(now);
            }

            circuit.Sample(now, _options.BreakerSampling);
            circuit.Calls++;
            circuit.FirstFailureAt = null;
            circuit.Answered = true;
            return wasOpen;
        }
    }

    // The ERP could not be reached. Returns the outage when the circuit is (now) open, null while it stays closed.
    // Opened: true when this failure opened the circuit or failed its probe, so that the company's waiting exports are
    // held until the next probe.
    public (ErpOutage? Outage, bool Opened) RecordUnreachable(Guid companyId, bool wasProbe)
    {
        var circuit = For(companyId);
        lock (circuit)
        {
            var now = Now;
            circuit.Answered = false;
            if (circuit.Outage is { } outage)
            {
                if (!wasProbe)
                {
                    return (outage, false);
                }

                circuit.FailedProbes++;
                circuit.ProbeUntil = null;
                circuit.Outage = Next(outage.Since, circuit.FailedProbes, now);
                return (circuit.Outage, true);
            }

            circuit.Sample(now, _options.BreakerSampling);
            circuit.Calls++;
            circuit.Failures++;
            circuit.FirstFailureAt ??= now;
            if (circuit.Calls < _options.BreakerMinimumCalls || circuit.Failures < _options.BreakerFailureRatio * circuit.Calls)
            {
                return (null, false);
            }

            circuit.FailedProbes = 0;
            circuit.Outage = Next(circuit.FirstFailureAt.Value, 0, now);
            return (circuit.Outage, true);
        }
    }

    // A probe that ended without telling whether the ERP is reachable (the connector failed unexpectedly): the next
    // export may probe at once.
    public void EndProbe(Guid companyId)
    {
        var circuit = For(companyId);
        lock (circuit)
        {
            circuit.ProbeUntil = null;
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private ErpOutage Next(DateTime since, int failedProbes, DateTime now)
    {
        var probeAt = now + _backoff.DelayAfter(failedProbes + 1);
        return new ErpOutage(since, probeAt, probeAt + _options.Lease);
    }

    private Circuit For(Guid companyId) => _circuits.GetOrAdd(companyId, _ => new Circuit());

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private sealed class Circuit
    {
        public DateTime SampleStart { get; set; }

        public int Calls { get; set; }

        public int Failures { get; set; }

        // The first failure since the ERP last answered: when it became unreachable.
        public DateTime? FirstFailureAt { get; set; }

        public ErpOutage? Outage { get; set; }

        public int FailedProbes { get; set; }

        // The ERP's last word was an answer, not a failure to reach it.
        public bool Answered { get; set; }

        // A probe is out until then (its lease): no second one starts meanwhile.
        public DateTime? ProbeUntil { get; set; }

        public void Sample(DateTime now, TimeSpan sampling)
        {
            if (now - SampleStart >= sampling)
            {
                SampleStart = now;
                Calls = 0;
                Failures = 0;
            }
        }

        public void Close(DateTime now)
        {
            Sample(now, TimeSpan.Zero);
            Outage = null;
            ProbeUntil = null;
            FailedProbes = 0;
        }
    }
}
