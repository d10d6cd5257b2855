using ErpIntegrations.Connectors;

namespace ErpIntegrations.UnitTests.Connectors;

public sealed class ErpCodesTests
{
    [Theory]
    [InlineData("BLDGA", ErpCodes.SubJobCodeSeparators)]
    [InlineData("Phase2", ErpCodes.SubJobCodeSeparators)]
    [InlineData("01-100", ErpCodes.CostCodeSeparators)]
    [InlineData("03 30 00", ErpCodes.CostCodeSeparators)]
    [InlineData("03.300", ErpCodes.CostCodeSeparators)]
    [InlineData("03/300", ErpCodes.CostCodeSeparators)]
    [InlineData("03_300", ErpCodes.CostCodeSeparators)]
    [InlineData("RMC-1001", ErpCodes.ErpJobIdSeparators)]
    [InlineData("BLDGA.01_B", ErpCodes.ErpJobIdSeparators)]
    [InlineData("A", ErpCodes.ErpJobIdSeparators)]
    public void IsValid_LettersAndDigitsWithTheKindsSeparatorsBetweenThem_IsValid(string code, string separators) =>
        ErpCodes.IsValid(code, separators).ShouldBeTrue();

    [Theory]
    [InlineData("", ErpCodes.CostCodeSeparators)]
    [InlineData("BLDG-A", ErpCodes.SubJobCodeSeparators)]
    [InlineData("BÂT1", ErpCodes.SubJobCodeSeparators)]
    [InlineData("03,100", ErpCodes.CostCodeSeparators)]
    [InlineData("03;100", ErpCodes.CostCodeSeparators)]
    [InlineData("-03", ErpCodes.CostCodeSeparators)]
    [InlineData("03 ", ErpCodes.CostCodeSeparators)]
    [InlineData("03\u0000100", ErpCodes.CostCodeSeparators)]
    [InlineData("03\u202e100", ErpCodes.CostCodeSeparators)]
    [InlineData("JOB 1", ErpCodes.ErpJobIdSeparators)]
    [InlineData("JOB/1", ErpCodes.ErpJobIdSeparators)]
    public void IsValid_AnyOtherCharacter_OrASeparatorAtEitherEnd_IsInvalid(string code, string separators) =>
        ErpCodes.IsValid(code, separators).ShouldBeFalse();

    [Theory]
    [InlineData("", "letters A–Z and digits")]
    [InlineData("-", "letters A–Z, digits and hyphens")]
    [InlineData("-_.", "letters A–Z, digits, hyphens, underscores and dots")]
    [InlineData("-_./ ", "letters A–Z, digits, hyphens, underscores, dots, slashes and spaces")]
    public void Describe_NamesEachSeparator(string separators, string described) =>
        ErpCodes.Describe(separators).ShouldBe(described);

    [Theory]
    [InlineData("-", "-")]
    [InlineData("-_.", "-_.")]
    [InlineData("-_./,;", "-_.")]
    [InlineData("", "")]
    public void Narrow_KeepsOnlyWhatTheRuleAllows(string narrowed, string kept) =>
        ErpCodes.Narrow(ErpCodes.ErpJobIdSeparators, narrowed).ShouldBe(kept);
}
