using ErpIntegrations.Web.Queues;

namespace ErpIntegrations.UnitTests.Queues;

public sealed class RetryBackoffTests
{
    private readonly RetryBackoff _backoff = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(300));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    public void DelayAfter_AnAttempt_DoublesFromTheBaseDelayWithinTwentyPercent(int attempt, double seconds)
    {
        for (var i = 0; i < 100; i++)
        {
            _backoff.DelayAfter(attempt).TotalSeconds.ShouldBeInRange(seconds * 0.8, seconds * 1.2);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    public void DelayAfter_ManyAttempts_IsCappedAtTheMaxDelayWithinTwentyPercent(int attempt)
    {
        _backoff.DelayAfter(attempt).TotalSeconds.ShouldBeInRange(240, 360);
    }

    [Fact]
    public void DelayAfter_ManyRequests_AreSpreadOut()
    {
        Enumerable.Range(0, 50).Select(_ => _backoff.DelayAfter(3)).Distinct().Count().ShouldBeGreaterThan(1);
    }
}
