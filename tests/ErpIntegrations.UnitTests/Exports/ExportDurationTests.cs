using ErpIntegrations.Web.Exports;

namespace ErpIntegrations.UnitTests.Domain;

public sealed class ExportDurationTests
{
    [Theory]
    [InlineData(24 * 3600 + 600, "24 hours")]
    [InlineData(3 * 3600 - 1, "2 hours")]
    [InlineData(7199, "1 hour 59 minutes")]
    [InlineData(3660, "1 hour 1 minute")]
    [InlineData(3600, "1 hour")]
    [InlineData(150, "2 minutes")]
    [InlineData(45, "45 seconds")]
    public void HowLongTheErpWasUnreachable_ReadsInTheLargestFittingUnit(int seconds, string expected) =>
        Exporter.Duration(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);
}
