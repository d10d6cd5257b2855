using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features.ErpConnection;

/// <summary>The ERP Connection page's settings forms, with Tryton at an address where nothing listens.</summary>
public sealed class ConnectionSettingsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task ThePage_RendersTheTrytonForm_WithTheStoredSettings_ButNeverThePassword()
    {
        var company = await shared.NewCompanyAsync();
        await company.ConnectToUnreachableTrytonAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var html = await admin.PageTextAsync("/erp-connection");

        html.ShouldNotContain(company.Password());
        var doc = Html.Parse(html);
        doc.Text().ShouldContain("Connected to Tryton");
        doc.Definition("Server URL").ShouldBe(TrytonConnectionKit.UnreachableUrl);
        doc.Definition("Database").ShouldBe(company.Database());
        doc.Definition("Password").ShouldBe("set");
        var tryton = doc.One("details[data-connector=Tryton]");
        tryton.HasAttribute("open").ShouldBeTrue();
        doc.One("details[data-connector=Sandbox]").HasAttribute("open").ShouldBeFalse();
        tryton.One("label[for=tryton-url]").Text().ShouldBe("Server URL");
        var url = tryton.One("#tryton-url");
        (url.GetAttribute("name"), url.GetAttribute("type"), url.GetAttribute("value"), url.GetAttribute("maxlength")).ShouldBe(("Settings[url]", "url", TrytonConnectionKit.UnreachableUrl, "500"));
        url.HasAttribute("required").ShouldBeTrue();
        tryton.One("#tryton-database").GetAttribute("value").ShouldBe(company.Database());
        tryton.One("#tryton-username").GetAttribute("value").ShouldBe("accountant");
        var password = tryton.One("#tryton-password");
        (password.GetAttribute("name"), password.GetAttribute("type")).ShouldBe(("Settings[password]", "password"));
        password.HasAttribute("value").ShouldBeFalse();
        password.HasAttribute("required").ShouldBeFalse();
        tryton.One("#tryton-password-hint").Text().ShouldEndWith("Stored: set; leave it empty to keep it.");
        tryton.One("label[for=tryton-jobsrootcode]").Text().ShouldBe("Jobs' root account code (optional)");
        tryton.One("#tryton-jobsrootcode").HasAttribute("required").ShouldBeFalse();
        tryton.Button("Save connection to Tryton", shows: "Save connection");
        tryton.Button("Test connection to Tryton", shows: "Test connection");
        doc.One("[data-jobs-problem]").Text().ShouldStartWith($"The jobs of Tryton could not be listed: Could not reach Tryton at {TrytonConnectionKit.UnreachableUrl}");
    }

    [Fact]
    public async Task SavingTrytonSettings_OnThePage_StoresThePasswordEncrypted_AndSaysWhatWasSaved()
    {
        var company = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var fresh = Html.Parse(await admin.PageTextAsync("/erp-connection")).One("details[data-connector=Tryton]");
        fresh.One("#tryton-password").HasAttribute("required").ShouldBeTrue();
        fresh.One("#tryton-password-hint").Text().ShouldEndWith("Stored: not set.");

        await admin.SubmitAsync("/erp-connection?handler=Connection", company.TrytonForm());

        var page = await admin.PageTextAsync("/erp-connection");
        Html.Parse(page).Success().ShouldBe($"{company.Name} is now connected to Tryton (Server URL: {TrytonConnectionKit.UnreachableUrl}, Database: {company.Database()}, User name: accountant, Password: set).");
        page.ShouldNotContain(company.Password());
        var stored = await App.CompanyAsync(company.Name);
        stored.ErpConnector.ShouldBe("Tryton");
        stored.ErpConnection.ShouldNotContain(company.Password());
        stored.ErpSecrets.ShouldNotContain(company.Password());
        (await company.StoredSecretsAsync())["password"].ShouldBe(company.Password());
    }

    [Fact]
    public async Task AnInvalidUrl_IsRefused_WithTheMessageByTheField()
    {
        var company = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var response = await admin.PostAsync("/erp-connection?handler=Connection", company.TrytonForm(url: "ftp://tryton.example.com/", password: ""), "/erp-connection");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.TextAsync();
        ProjectAdminKit.FieldError(html, "settings.url").ShouldBe("The Tryton URL \"ftp://tryton.example.com/\" is not an http:// or https:// address.");
        ProjectAdminKit.FieldError(html, "settings.password").ShouldBe("Enter the Tryton user's password.");
        var tryton = Html.Parse(html).One("details[data-connector=Tryton]");
        tryton.HasAttribute("open").ShouldBeTrue();
        var url = tryton.One("#tryton-url");
        url.GetAttribute("aria-invalid").ShouldBe("true");
        url.GetAttribute("aria-describedby").ShouldBe("tryton-url-hint tryton-url-error");
        url.GetAttribute("value").ShouldBe("ftp://tryton.example.com/");
        tryton.One("#tryton-database").GetAttribute("value").ShouldBe(company.Database());
        tryton.One("#tryton-database").HasAttribute("aria-invalid").ShouldBeFalse();
        Html.Parse(html).One("#sandbox-ledger").HasAttribute("aria-invalid").ShouldBeFalse();
        (await App.CompanyAsync(company.Name)).ErpConnector.ShouldBe("Sandbox");
    }

    [Fact]
    public async Task LeavingThePasswordEmpty_KeepsTheStoredOne_OnThePageAndThroughTheApi()
    {
        var company = await shared.NewCompanyAsync();
        await company.ConnectToUnreachableTrytonAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var form = company.TrytonForm(password: "");
        form[form.FindIndex(p => p.Key == "Settings[username]")] = new("Settings[username]", "bookkeeper");

        await admin.SubmitAsync("/erp-connection?handler=Connection", form);

        (await App.CompanyAsync(company.Name)).ErpConnection.ShouldContain("bookkeeper");
        (await company.StoredSecretsAsync())["password"].ShouldBe(company.Password());

        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var settings = company.TrytonSettings();
        settings.Remove("password");
        settings["username"] = "controller";
        await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "Tryton", settings })).JsonAsync(HttpStatusCode.OK);

        (await App.CompanyAsync(company.Name)).ErpConnection.ShouldContain("controller");
        (await company.StoredSecretsAsync())["password"].ShouldBe(company.Password());
    }

    [Fact]
    public async Task TestConnection_ToAnUnreachableTryton_SaysWhatFailed_AndSavesNothing()
    {
        var company = await shared.NewCompanyAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var response = await admin.PostAsync("/erp-connection?handler=Test", company.TrytonForm(), "/erp-connection");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.TextAsync();
        html.ShouldNotContain(company.Password());
        var doc = Html.Parse(html);
        doc.ErrorMessage().ShouldStartWith($"Connection test failed. Could not reach Tryton at {TrytonConnectionKit.UnreachableUrl}");
        var tryton = doc.One("details[data-connector=Tryton]");
        tryton.HasAttribute("open").ShouldBeTrue();
        tryton.One("#tryton-url").GetAttribute("value").ShouldBe(TrytonConnectionKit.UnreachableUrl);
        tryton.One("#tryton-password").HasAttribute("value").ShouldBeFalse();
        var stored = await App.CompanyAsync(company.Name);
        (stored.ErpConnector, stored.ErpConnection, stored.ErpSecrets).ShouldBe(("Sandbox", company.Ledger, ""));
    }

    [Fact]
    public async Task TestConnection_OfTheStoredSandboxLedger_SaysWhatItFound()
    {
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var response = await admin.PostAsync("/erp-connection?handler=Test", [new("Connector", "Sandbox"), new("Settings[ledger]", company.Ledger)], "/erp-connection");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Parse(await response.TextAsync()).One(".alert.success[data-connection-test]").Text()
            .ShouldBe($"Connection test succeeded. Connected to the Sandbox ERP ledger {company.Ledger}: 1 job.");
    }

    [Fact]
    public async Task TheProjectPage_AndReadyToImport_ShowTheErpsProblem_WhenTrytonIsUnreachable()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        await company.ConnectToUnreachableTrytonAsync();
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var project = Html.Parse(await admin.PageTextAsync($"/projects/{riverside.Id}/edit"));
        project.One("[data-erp-problem]").Text().ShouldStartWith($"The jobs of Tryton could not be listed, so no job can be linked now: Could not reach Tryton at {TrytonConnectionKit.UnreachableUrl}");
        project.Text().ShouldContain("Linked to ERP job RMC-1001 in Tryton.");

        var imports = Html.Parse(await admin.PageTextAsync("/erp-integrations/sub-jobs?filter=ready-to-import"));
        imports.One("[data-erp-problem]").Text().ShouldStartWith($"The sub jobs in Tryton could not be listed, so nothing can be imported now: Could not reach Tryton at {TrytonConnectionKit.UnreachableUrl}");

        var api = await ApiClient.ForAsync(App, company.Admin.Email);
        var json = await api.GetJsonAsync($"/api/v1/projects/{riverside.Id}");
        json.GetProperty("erpJobsProblem").GetString()!.ShouldStartWith($"Could not reach Tryton at {TrytonConnectionKit.UnreachableUrl}");
        json.GetProperty("erpJobs").GetArrayLength().ShouldBe(0);
        var listing = await api.GetAsync("/api/v1/erp/sub-jobs?filter=ready_to_import");
        (await listing.ProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("detail").GetString()!.ShouldStartWith("Could not reach Tryton");
    }
}
