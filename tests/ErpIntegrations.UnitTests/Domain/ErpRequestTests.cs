using ErpIntegrations.Web.Domain;
using Microsoft.Extensions.Time.Testing;

namespace ErpIntegrations.UnitTests.Domain;

public sealed class ErpRequestTests
{
    private readonly FakeTimeProvider _time = A.Clock();

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    [Fact]
    public void Succeed_WhenInProgress_CompletesWithTheErpRecordId()
    {
        var request = Claimed(NewRequest());
        _time.Advance(TimeSpan.FromSeconds(3));

        request.Succeed("REC-77", Now);

        request.Status.ShouldBe(ErpRequestStatus.Success);
        request.Attempts.ShouldBe(1);
        request.ErpRecordId.ShouldBe("REC-77");
        request.Messages.ShouldBeNull();
        request.CompletedAt.ShouldBe(Now);
        request.LeaseToken.ShouldBeNull();
        request.LeaseExpiresAt.ShouldBeNull();
    }

    [Fact]
    public void Fail_WhenInProgress_CompletesWithTheErpMessages()
    {
        var request = Claimed(NewRequest());
        _time.Advance(TimeSpan.FromSeconds(3));

        request.Fail("Job J-1001 is closed", Now);

        request.Status.ShouldBe(ErpRequestStatus.Failed);
        request.Attempts.ShouldBe(1);
        request.Messages.ShouldBe("Job J-1001 is closed");
        request.ErpRecordId.ShouldBeNull();
        request.CompletedAt.ShouldBe(Now);
        request.LeaseToken.ShouldBeNull();
        request.LeaseExpiresAt.ShouldBeNull();
    }

    [Fact]
    public void ScheduleRetry_AfterTransientFault_StaysInProgressUntilTheNextAttempt()
    {
        var request = Claimed(NewRequest());
        var next = Now.AddSeconds(30);

        request.ScheduleRetry("ERP timed out", next);

        request.Status.ShouldBe(ErpRequestStatus.InProgress);
        request.Attempts.ShouldBe(1);
        request.Messages.ShouldBe("ERP timed out");
        request.NextAttemptAt.ShouldBe(next);
        request.CompletedAt.ShouldBeNull();
        request.LeaseToken.ShouldBeNull();
        request.LeaseExpiresAt.ShouldBeNull();
    }

    [Fact]
    public void Succeed_AfterRetries_KeepsTheAttemptsStartedAndClearsMessages()
    {
        var request = Claimed(NewRequest());
        request.ScheduleRetry("ERP timed out", Now.AddSeconds(1));
        Claimed(request).ScheduleRetry("ERP busy", Now.AddSeconds(2));

        Claimed(request).Succeed("REC-77", Now);

        request.Attempts.ShouldBe(3);
        request.Status.ShouldBe(ErpRequestStatus.Success);
        request.Messages.ShouldBeNull();
    }

    [Fact]
    public void Fail_AfterRetries_KeepsTheAttemptsStarted()
    {
        var request = Claimed(NewRequest());
        request.ScheduleRetry("ERP timed out", Now.AddSeconds(1));

        Claimed(request).Fail("ERP timed out; giving up", Now);

        request.Attempts.ShouldBe(2);
        request.Status.ShouldBe(ErpRequestStatus.Failed);
        request.Messages.ShouldBe("ERP timed out; giving up");
    }

    [Fact]
    public void StartAttempt_CountsTheAttemptBeforeAnyOutcome()
    {
        var request = NewRequest();
        var lease = Guid.NewGuid();

        request.StartAttempt(lease, Now.AddMinutes(1));

        request.Attempts.ShouldBe(1, "an attempt cut short by a crash must still count");
        request.LeaseToken.ShouldBe(lease);
        request.LeaseExpiresAt.ShouldBe(Now.AddMinutes(1));
        request.Status.ShouldBe(ErpRequestStatus.InProgress);
    }

    [Fact]
    public void WaitForErp_TakesTheAttemptBackFromTheCap_AndKeepsTheFirstUnreachableTime()
    {
        var request = Claimed(NewRequest());
        var since = Now;
        request.WaitForErp("ERP unreachable", since, Now.AddSeconds(2));
        _time.Advance(TimeSpan.FromMinutes(5));

        Claimed(request).WaitForErp("ERP unreachable", Now, Now.AddMinutes(5));

        request.Attempts.ShouldBe(2);
        request.CappedAttempts.ShouldBe(0);
        request.ErpUnreachableSince.ShouldBe(since);
        request.NextAttemptAt.ShouldBe(Now.AddMinutes(5));
        request.Messages.ShouldBe("ERP unreachable");
        request.LeaseToken.ShouldBeNull();
        request.HasWaitedOut(Now, TimeSpan.FromMinutes(6)).ShouldBeFalse();
        request.HasWaitedOut(Now, TimeSpan.FromMinutes(5)).ShouldBeTrue();
    }

    [Fact]
    public void AnInterruptedAttempt_StaysOnTheCap_AndSucceedClearsTheWait()
    {
        var request = Claimed(NewRequest());
        request.Hold(Now, Now.AddMinutes(1));
        Claimed(request);

        request.Attempts.ShouldBe(2);
        request.CappedAttempts.ShouldBe(2, "neither attempt reported an unreachable ERP");

        request.Succeed("REC-1", Now);
        request.ErpUnreachableSince.ShouldBeNull();
    }

    [Fact]
    public void ReadPayload_AfterAccept_RoundTripsWhatWasSent()
    {
        var request = NewRequest();

        var payload = request.ReadPayload();

        payload.ErpSubJobId.ShouldBe(request.ErpSubJobId);
        payload.Reference.ShouldBe(request.SubJobId.ToString());
    }

    private ErpRequest NewRequest() =>
        A.SubJob().WithTime(_time).InState(SubJobState.ReadyToExport).Build()
            .Accept("BLDG1", A.Approver().Build(), Now);

    private ErpRequest Claimed(ErpRequest request)
    {
        request.StartAttempt(Guid.NewGuid(), Now.AddMinutes(5));
        return request;
    }
}
