using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Features;

namespace ErpIntegrations.UnitTests.Features;

public sealed class InputErrorsTests
{
    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0007")]
    [InlineData("\u001b")]
    [InlineData("\u007f")]
    [InlineData("\u0080")]
    [InlineData("\u009f")]
    [InlineData("\u202a")]
    [InlineData("\u202e")]
    [InlineData("\u2066")]
    [InlineData("\u2069")]
    [InlineData("\t")]
    [InlineData("\r\n")]
    public void Text_WithAHiddenCharacter_IsRefusedNamingTheField(string hidden)
    {
        var errors = new InputErrors();

        errors.Text("Name", $"Harbor{hidden}View", "the project name", 200);

        var refused = Should.Throw<InputException>(errors.ThrowIfAny);
        refused.Errors["Name"].ShouldBe(["The project name may not hold control characters (such as NUL, BEL or ESC) or text-direction overrides."]);
    }

    [Theory]
    [InlineData("Café — Zürich")]
    [InlineData("שלב ב׳")]
    [InlineData("O'Brien & Sons (North)")]
    [InlineData("Left\u200eRight")]
    public void Text_WithPrintableCharactersOfAnyScript_IsKept(string text)
    {
        var errors = new InputErrors();

        errors.Text("Name", $"  {text} ", "the project name", 200).ShouldBe(text);

        errors.Any.ShouldBeFalse();
    }

    [Fact]
    public void Text_OnSeveralLines_IsKeptWhereLinesAreAllowed_AndRefusedElsewhere()
    {
        var multiline = new InputErrors();
        var singleLine = new InputErrors();

        multiline.Text("Reason", "One\r\n\tTwo", "the explanation", 500, multiline: true);
        singleLine.Text("Reason", "One\r\n\tTwo", "the explanation", 500);

        multiline.Any.ShouldBeFalse();
        singleLine.Any.ShouldBeTrue();
        var escaped = new InputErrors();
        escaped.Text("Reason", "One\u001bTwo", "the explanation", 500, multiline: true);
        escaped.Any.ShouldBeTrue();
    }

    [Theory]
    [InlineData("03,100", "Use only letters A–Z, digits, hyphens, underscores, dots, slashes and spaces in the cost code.")]
    [InlineData("03\u0000100", "Use only letters A–Z, digits, hyphens, underscores, dots, slashes and spaces in the cost code.")]
    [InlineData("/03", "Start and end the cost code with a letter or digit.")]
    [InlineData("0123456789012345678901234567890", "The cost code can be at most 30 characters.")]
    public void Code_OutsideItsRule_IsRefusedNamingTheField(string code, string message)
    {
        var errors = new InputErrors();

        errors.Code("Code", code, "the cost code", 30, ErpCodes.CostCodeSeparators);

        Should.Throw<InputException>(errors.ThrowIfAny).Errors["Code"].ShouldBe([message]);
    }

    [Fact]
    public void CodeError_ForAnErp_NamesTheErp() =>
        InputErrors.CodeError("A_B", "the ERP Job ID", "-", "Sandbox ERP").ShouldBe("The ERP Job ID may hold only letters A–Z, digits and hyphens in Sandbox ERP.");
}
