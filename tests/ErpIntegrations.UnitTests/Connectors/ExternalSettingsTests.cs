using ErpIntegrations.Connectors;
using ErpIntegrations.Connectors.External;

namespace ErpIntegrations.UnitTests.Connectors;

public sealed class ExternalSettingsTests
{
    private static ExternalSettings Read(params (string Name, string Value)[] values) =>
        ExternalSettings.From(new ErpSettingValues(values.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value))), out _);

    [Fact]
    public void TheErpJobIdRules_LengthCaseAndPattern_AreCheckedInTheErpsName()
    {
        var vista = Read(("displayName", "Vista"), ("erpJobIdMaxLength", "6"), ("erpJobIdPattern", "^[A-Z0-9-]+$"), ("erpJobIdCase", "upper"));

        vista.Check("SJ-1").ShouldBeNull();
        vista.Check("SJ-1234").ShouldBe("The ERP Job ID can be at most 6 characters in Vista.");
        vista.Check("sj-1").ShouldBe("The ERP Job ID must be in upper case in Vista.");
        vista.Check("SJ_1").ShouldBe("The ERP Job ID does not match Vista's rule for ERP Job IDs (^[A-Z0-9-]+$).");
        Read(("displayName", "Foundation"), ("erpJobIdCase", "lower")).Check("Sj1").ShouldBe("The ERP Job ID must be in lower case in Foundation.");
    }

    [Fact]
    public void WrongSettings_AreEachNamed_AndDefaultsStandIn()
    {
        var read = ExternalSettings.From(
            new ErpSettingValues([new("erpJobIdMaxLength", "101"), new("erpJobIdPattern", "(["), new("erpJobIdCase", "1"), new("webhookUrl", "https://user:pw@hooks.example.com/")]),
            out var problems);

        problems.Select(p => p.Name).ShouldBe(["displayName", "erpJobIdMaxLength", "erpJobIdPattern", "erpJobIdCase", "webhookUrl"]);
        read.ErpJobIdMaxLength.ShouldBe(ExternalSettings.DefaultMaxLength);
        read.ErpJobIdPattern.ShouldBe("");
        read.ErpJobIdCase.ShouldBe(ErpJobIdCase.Any);
    }

    [Fact]
    public void TheStoredConnection_RoundTrips_WithoutTheSecret()
    {
        var company = Guid.NewGuid();
        var settings = Read(("displayName", "Vista; Sage"), ("erpJobIdMaxLength", "10"), ("erpJobIdPattern", "^[A-Z]=+$"), ("webhookUrl", "https://hooks.example.com/a?b=c"), ("webhookSecret", "whsec_x"))
            with { CompanyId = company, WebhookSecret = "" };

        var again = ExternalSettings.From(ExternalSettings.ReadConnection(settings.ToConnectionString()), out var problems);

        problems.ShouldBeEmpty();
        again.ShouldBe(settings);
        settings.ToConnectionString().ShouldNotContain("whsec_x");
    }
}
