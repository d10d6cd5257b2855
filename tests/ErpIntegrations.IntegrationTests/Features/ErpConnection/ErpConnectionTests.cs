using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.IntegrationTests.Features.ErpConnection;

public sealed class ErpConnectionTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task ErpIntegrationsAdmin_SeesTheConnectorAndItsCapabilitiesPlainly()
    {
        var company = await shared.NewCompanyAsync();
        await company.ProjectAsync("1001", "Riverside Medical Center", erpJobId: "RMC-1001");
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var doc = Html.Parse(await admin.GetPageAsync("/erp-connection"));

        doc.Text().ShouldContain("Connected to Sandbox ERP");
        doc.Definition("Sub jobs").ShouldBe("supported");
        doc.Definition("Code").ShouldBe("at most 30 characters");
        doc.Definition("Ledger").ShouldBe(company.Ledger);
        var current = doc.One("details[data-connector=Sandbox]");
        current.HasAttribute("open").ShouldBeTrue();
        current.One("summary").Text().ShouldBe("Sandbox ERP (Sandbox), connected now");
        current.One("#sandbox-ledger").GetAttribute("value").ShouldBe(company.Ledger);
        doc.One("details[data-connector=Tryton]").HasAttribute("open").ShouldBeFalse();
        doc.One("li[data-job=\"RMC-1001\"]").Text().ShouldBe("RMC-1001 · Riverside Medical Center");
    }

    [Fact]
    public async Task ChangingTheConnection_WhileExportsAreInProgress_IsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        await company.SubJobAsync(riverside, SubJobState.Exporting, code: "HELIPAD");
        await company.SubJobAsync(riverside, SubJobState.Synced, code: "PHASE1");
        await company.SubJobAsync(riverside, SubJobState.FailedToExport, code: "ROOF");
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var response = await admin.PostAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Settings[ledger]", "elsewhere")], "/erp-connection");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Html.Parse(await response.Content.ReadAsStringAsync()).ErrorMessage().ShouldBe("1 export is in progress. Change the ERP connection once they have finished (Synced or Failed to Export).");
        (await App.CompanyAsync(company.Name)).ErpConnection.ShouldBe(company.Ledger);
    }

    [Fact]
    public async Task AnotherCompanysLedger_IsRefused_SoItsJobsStayInvisible()
    {
        var company = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        await other.ProjectAsync("2001", "Mountain Lodge", erpJobId: "ML-2001");
        var admin = await Browser.SignInAsync(App, company.Admin.Email);

        var response = await admin.PostAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Settings[ledger]", other.Ledger)], "/erp-connection");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await response.TextAsync(), "Settings").ShouldStartWith("Another company uses this connection setting.");
        (await App.CompanyAsync(company.Name)).ErpConnection.ShouldBe(company.Ledger);
        (await admin.PageTextAsync("/sandbox-erp")).ShouldNotContain("ML-2001");
    }

    [Fact]
    public async Task ChangingTheConnection_WithNoExportInProgress_Saves_AndAnUnknownConnectorIsRefused()
    {
        // A fresh installation whose first company is set up as a customer would: an app of its own.
        await using var app = new AppFactory(seedDemo: false);
        var acme = await app.SetUpAcmeAsync();
        var admin = await Browser.SignInAsync(app, SetupKit.AdminEmail, SetupKit.AdminPassword);

        var unknown = await admin.PostAsync("/erp-connection?handler=Connection", [new("Connector", "Sage300"), new("Settings[ledger]", "x")], "/erp-connection");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await unknown.TextAsync(), "Connector").ShouldBe("Choose one of the connectors this installation provides: External, Sandbox, Tryton.");

        await admin.SubmitAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Settings[ledger]", "acme-ledger")]);

        (await admin.PageTextAsync("/erp-connection")).ShouldContain("Acme Builders is now connected to Sandbox ERP (Ledger: acme-ledger).");
        (await app.CompanyAsync("Acme Builders")).ErpConnection.ShouldBe("acme-ledger");

        await admin.SubmitAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Settings[ledger]", "")]);

        (await app.CompanyAsync("Acme Builders")).ErpConnection.ShouldBe(acme.ErpConnection);
    }

    [Fact]
    public async Task AddSandboxJob_PutsTheJobInTheCompanysOwnLedger_AndRefusesADuplicate()
    {
        // A fresh installation whose first company is set up as a customer would: an app of its own.
        await using var app = new AppFactory(seedDemo: false);
        var acme = await app.SetUpAcmeAsync();
        var admin = await Browser.SignInAsync(app, SetupKit.AdminEmail, SetupKit.AdminPassword);
        (await admin.PageTextAsync("/erp-connection")).ShouldContain("The Sandbox ERP is the demo ERP built into ERP Integrations, and it starts empty.");

        await admin.SubmitAsync("/erp-connection?handler=AddJob", [new("JobId", "ACME-1"), new("JobName", "Acme One")]);

        (await admin.PageTextAsync("/erp-connection")).ShouldContain("Job ACME-1 was added to the Sandbox ERP.");
        (await app.SandboxStore.ListLedgerAsync(acme.ErpConnection)).ShouldHaveSingleItem().JobId.ShouldBe("ACME-1");
        var duplicate = await admin.PostAsync("/erp-connection?handler=AddJob", [new("JobId", "ACME-1"), new("JobName", "Again")], "/erp-connection");
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await duplicate.TextAsync(), "JobId").ShouldBe("Sandbox ERP already has job ACME-1.");
        var invalid = await admin.PostAsync("/erp-connection?handler=AddJob", [new("JobId", "ACME 2!"), new("JobName", "")], "/erp-connection");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await invalid.TextAsync();
        ProjectAdminKit.FieldError(html, "JobId").ShouldBe("Use only letters A–Z, digits and hyphens in the job ID.");
        ProjectAdminKit.FieldError(html, "JobName").ShouldBe("Enter the job's name.");
    }

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("approver")]
    public async Task NotAnErpIntegrationsAdmin_CannotConfigureTheConnection(string who)
    {
        var company = await shared.NewCompanyAsync();
        var email = await company.EmailAsync(who);
        var browser = await Browser.SignInAsync(App, email);

        (await browser.Client.GetAsync("/erp-connection")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Settings[ledger]", "mine")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("/erp-connection?handler=AddJob", [new("JobId", "MINE-1"), new("JobName", "Mine")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await App.CompanyAsync(company.Name)).ErpConnection.ShouldBe(company.Ledger);
        (await App.SandboxStore.ListLedgerAsync(company.Ledger)).ShouldNotContain(j => j.JobId == "MINE-1");
    }
}
