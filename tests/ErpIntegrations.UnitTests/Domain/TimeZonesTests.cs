using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.UnitTests.Domain;

public sealed class TimeZonesTests
{
    private static readonly TimeZoneInfo Chicago = TimeZones.Find("America/Chicago");
    private static readonly TimeZoneInfo Berlin = TimeZones.Find("Europe/Berlin");

    private static DateTime Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void TheSameMoment_ReadsAtEachViewersOwnTime()
    {
        var exported = Utc(12, 2, 13, 24);

        TimeZones.Exact(Chicago, exported).ShouldBe("2026-12-02 07:24 Chicago time (UTC−06:00)");
        TimeZones.Exact(Berlin, exported).ShouldBe("2026-12-02 14:24 Berlin time (UTC+01:00)");
        TimeZones.Exact(TimeZoneInfo.Utc, exported).ShouldBe("2026-12-02 13:24 UTC");
    }

    [Fact]
    public void SpringForward_SkipsTheMissingHour()
    {
        // Chicago, Sunday 8 March 2026: 02:00 CST becomes 03:00 CDT. Berlin, Sunday 29 March: 02:00 CET becomes 03:00 CEST.
        TimeZones.Exact(Chicago, Utc(3, 8, 7, 59)).ShouldBe("2026-03-08 01:59 Chicago time (UTC−06:00)");
        TimeZones.Exact(Chicago, Utc(3, 8, 8, 0)).ShouldBe("2026-03-08 03:00 Chicago time (UTC−05:00)");
        TimeZones.Exact(Berlin, Utc(3, 29, 0, 59)).ShouldBe("2026-03-29 01:59 Berlin time (UTC+01:00)");
        TimeZones.Exact(Berlin, Utc(3, 29, 1, 0)).ShouldBe("2026-03-29 03:00 Berlin time (UTC+02:00)");
    }

    [Fact]
    public void FallBack_TheRepeatedHourIsToldApartByItsOffset()
    {
        // Chicago, Sunday 1 November 2026: 01:30 happens twice, first in CDT, then in CST.
        TimeZones.When(Chicago, Utc(11, 1, 6, 30)).ShouldBe("2026-11-01 01:30");
        TimeZones.When(Chicago, Utc(11, 1, 7, 30)).ShouldBe("2026-11-01 01:30");
        TimeZones.Exact(Chicago, Utc(11, 1, 6, 30)).ShouldBe("2026-11-01 01:30 Chicago time (UTC−05:00)");
        TimeZones.Exact(Chicago, Utc(11, 1, 7, 30)).ShouldBe("2026-11-01 01:30 Chicago time (UTC−06:00)");
    }

    [Theory]
    [InlineData("America/Chicago", true)]
    [InlineData("Europe/Berlin", true)]
    [InlineData("UTC", true)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("Central Standard Time", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyKnownIanaZones_AreTaken(string? id, bool known) => TimeZones.TryFind(id, out _).ShouldBe(known);

    [Fact]
    public void AnUnknownZone_IsRefusedWithAReadableMessage()
    {
        var user = User.NewMember(Guid.NewGuid(), Guid.NewGuid(), "a@b.test", "A");

        Should.Throw<DomainRuleException>(() => user.ChangeTimeZone("Mars/Olympus_Mons")).Message
            .ShouldBe("\"Mars/Olympus_Mons\" is not a time zone this server knows. Choose one from the list, such as America/Chicago or Europe/Berlin.");
        user.TimeZone.ShouldBeNull();
    }

    [Fact]
    public void TheBrowsersZone_FillsAnEmptyProfileOnly()
    {
        var user = User.NewMember(Guid.NewGuid(), Guid.NewGuid(), "a@b.test", "A");

        user.TakeBrowserTimeZone("Europe/Berlin").ShouldBeTrue();
        user.TakeBrowserTimeZone("America/Chicago").ShouldBeFalse();
        user.TimeZone.ShouldBe("Europe/Berlin");
        user.ChangeTimeZone("America/Chicago");
        user.TimeZone.ShouldBe("America/Chicago");
    }

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(5, "5 minutes ago")]
    [InlineData(60, "1 hour ago")]
    [InlineData(185, "3 hours ago")]
    [InlineData(60 * 24 * 2, "2 days ago")]
    [InlineData(-10, "in 10 minutes")]
    [InlineData(60 * 24 * 8, null)]
    public void RelativeTimes_WithinAWeek(int minutesAgo, string? expected)
    {
        var now = Utc(12, 2, 13, 24);

        TimeZones.Relative(now.AddMinutes(-minutesAgo), now).ShouldBe(expected);
    }
}
