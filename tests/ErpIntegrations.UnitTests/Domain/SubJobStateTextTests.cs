using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.UnitTests.Domain;

public sealed class SubJobStateTextTests
{
    [Fact]
    public void WaitingForErp_NamesTheErpAndBothTimesInUtc()
    {
        var since = new DateTime(2026, 12, 2, 10, 2, 40, DateTimeKind.Utc);

        SubJobStateText.WaitingForErp("Sandbox ERP", since, since.AddMinutes(5))
            .ShouldBe("Waiting for Sandbox ERP — unreachable since 10:02 UTC, next try 10:07 UTC");
    }

    [Fact]
    public void WaitingForErp_SinceAnotherDay_GivesThatDate()
    {
        var since = new DateTime(2026, 12, 1, 22, 15, 0, DateTimeKind.Utc);

        SubJobStateText.WaitingForErp("Tryton", since, new DateTime(2026, 12, 2, 6, 40, 0, DateTimeKind.Utc))
            .ShouldBe("Waiting for Tryton — unreachable since 2026-12-01 22:15 UTC, next try 06:40 UTC");
    }
}
