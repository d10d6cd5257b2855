using ErpIntegrations.UnitTests.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ErpIntegrations.UnitTests.Exports;

public sealed class ErpCircuitBreakersTests
{
    private static readonly Guid Company = Guid.NewGuid();
    private static readonly Guid OtherCompany = Guid.NewGuid();

    private readonly FakeTimeProvider _time = A.Clock();
    private readonly ErpCircuitBreakers _breakers;

    public ErpCircuitBreakersTests() =>
        _breakers = new ErpCircuitBreakers(Options.Create(new ExportOptions { BaseRetryDelaySeconds = 2, MaxRetryDelaySeconds = 300, LeaseSeconds = 60 }), _time);

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    [Fact]
    public void ACompanysCircuit_OpensOnceEnoughCallsFailed_AndHoldsOnlyThatCompany()
    {
        var firstFailure = Now;
        for (var i = 0; i < 4; i++)
        {
            _breakers.Admit(Company).ShouldBe(ErpAdmission.Call);
            _breakers.RecordUnreachable(Company, wasProbe: false).ShouldBe((null, false));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var (outage, opened) = _breakers.RecordUnreachable(Company, wasProbe: false);

        opened.ShouldBeTrue();
        outage.ShouldNotBeNull();
        outage.Since.ShouldBe(firstFailure);
        (outage.NextProbeAt - Now).TotalSeconds.ShouldBeInRange(1.6, 2.4);
        outage.HoldUntil.ShouldBe(outage.NextProbeAt + TimeSpan.FromSeconds(60));
        _breakers.Admit(Company).ShouldBe(new ErpAdmission.Wait(firstFailure, outage.HoldUntil));
        _breakers.Admit(OtherCompany).ShouldBe(ErpAdmission.Call);
    }

    [Fact]
    public void AFlakyErp_BelowTheFailureRatio_KeepsItsCircuitClosed()
    {
        for (var i = 0; i < 40; i++)
        {
            if (i % 3 == 0)
            {
                _breakers.RecordUnreachable(Company, wasProbe: false).Outage.ShouldBeNull();
            }
            else
            {
                _breakers.RecordAnswer(Company).ShouldBeFalse();
            }
        }

        _breakers.Admit(Company).ShouldBe(ErpAdmission.Call);
    }

    [Fact]
    public void AnOpenCircuit_LetsOneProbeAtATime_AndBacksOffAfterEachFailedProbe()
    {
        var outage = Open();
        _time.Advance(outage.NextProbeAt - Now);

        _breakers.Admit(Company).ShouldBe(ErpAdmission.Probe);
        _breakers.Admit(Company).ShouldBeOfType<ErpAdmission.Wait>().Until.ShouldBe(Now + TimeSpan.FromSeconds(60), "a probe is out");
        var (next, opened) = _breakers.RecordUnreachable(Company, wasProbe: true);

        opened.ShouldBeTrue();
        next.ShouldNotBeNull().Since.ShouldBe(outage.Since);
        (next.NextProbeAt - Now).TotalSeconds.ShouldBeInRange(3.2, 4.8, "the second probe waits twice as long");
        _breakers.Admit(Company).ShouldBeOfType<ErpAdmission.Wait>();

        for (var probe = 0; probe < 20; probe++)
        {
            _time.Advance(next.NextProbeAt - Now);
            _breakers.Admit(Company).ShouldBe(ErpAdmission.Probe);
            next = _breakers.RecordUnreachable(Company, wasProbe: true).Outage.ShouldNotBeNull();
        }

        (next.NextProbeAt - Now).TotalSeconds.ShouldBeInRange(240, 360, "capped at Exports:MaxRetryDelaySeconds, with jitter");
    }

    [Fact]
    public void AProbeThatNeverReports_LetsTheNextOneGoAfterItsLease()
    {
        var outage = Open();
        _time.Advance(outage.NextProbeAt - Now);
        _breakers.Admit(Company).ShouldBe(ErpAdmission.Probe);

        _time.Advance(TimeSpan.FromSeconds(59));
        _breakers.Admit(Company).ShouldBeOfType<ErpAdmission.Wait>();
        _time.Advance(TimeSpan.FromSeconds(2));
        _breakers.Admit(Company).ShouldBe(ErpAdmission.Probe);
    }

    [Fact]
    public void AnAnswer_ClosesTheCircuit_AndSaysItWasOpen()
    {
        var outage = Open();
        _time.Advance(outage.NextProbeAt - Now);
        _breakers.Admit(Company).ShouldBe(ErpAdmission.Probe);

        _breakers.RecordAnswer(Company).ShouldBeTrue();

        _breakers.Admit(Company).ShouldBe(ErpAdmission.Call);
        _breakers.Admit(Company).ShouldBe(ErpAdmission.Call);
        _breakers.RecordAnswer(Company).ShouldBeFalse();
    }

    private ErpOutage Open()
    {
        for (var i = 0; i < 4; i++)
        {
            _breakers.RecordUnreachable(Company, wasProbe: false);
        }

        return _breakers.RecordUnreachable(Company, wasProbe: false).Outage.ShouldNotBeNull();
    }
}
