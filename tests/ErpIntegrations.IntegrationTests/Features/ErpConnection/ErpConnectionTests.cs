using System.Net;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Features.Projects;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.ErpConnection;

public sealed class ErpConnectionTests
{
    [Fact]
    public async Task ErpIntegrationsAdmin_SeesTheConnectorAndItsCapabilitiesPlainly()
    {
        await using var app = new AppFactory();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        var doc = Html.Parse(await admin.GetPageAsync("/erp-connection"));

        doc.Text().ShouldContain("Connected to Sandbox ERP");
        doc.Definition("Sub jobs").ShouldBe("supported");
        doc.Definition("Code").ShouldBe("at most 30 characters");
        doc.Definition("Ledger").ShouldBe("demo-construction");
        var selected = doc.One("option[value=Sandbox]");
        selected.HasAttribute("selected").ShouldBeTrue();
        selected.Text().ShouldBe("Sandbox ERP (Sandbox)");
        doc.One("li[data-job=\"RMC-1001\"]").Text().ShouldBe("RMC-1001 · Riverside Medical Center");
    }

    [Fact]
    public async Task ChangingTheConnection_WhileExportsAreInProgress_IsRefused()
    {
        await using var app = new AppFactory();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        var response = await admin.PostAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Connection", "elsewhere")], "/erp-connection");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        SetupKit.Alert(await response.TextAsync()).ShouldBe("1 export is in progress. Change the ERP connection once they have finished (Synced or Failed to Export).");
        (await app.CompanyAsync(DemoData.Demo)).ErpConnection.ShouldBe("demo-construction");
    }

    [Fact]
    public async Task AnotherCompanysLedger_IsRefused_SoItsJobsStayInvisible()
    {
        await using var app = new AppFactory();
        var admin = await Browser.SignInAsync(app, "admin@demo.test");

        var response = await admin.PostAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Connection", "other-builders")], "/erp-connection");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await response.TextAsync(), "Connection").ShouldStartWith("Another company uses this connection setting.");
        (await app.CompanyAsync(DemoData.Demo)).ErpConnection.ShouldBe("demo-construction");
        (await admin.PageTextAsync("/sandbox-erp")).ShouldNotContain("ML-2001");
    }

    [Fact]
    public async Task ChangingTheConnection_WithNoExportInProgress_Saves_AndAnUnknownConnectorIsRefused()
    {
        await using var app = new AppFactory(seedDemo: false);
        var acme = await app.SetUpAcmeAsync();
        var admin = await Browser.SignInAsync(app, SetupKit.AdminEmail, SetupKit.AdminPassword);

        var unknown = await admin.PostAsync("/erp-connection?handler=Connection", [new("Connector", "Sage300"), new("Connection", "x")], "/erp-connection");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await unknown.TextAsync(), "Connector").ShouldBe("Choose one of the connectors this installation provides: Sandbox.");

        await admin.SubmitAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Connection", "acme-ledger")]);

        (await admin.PageTextAsync("/erp-connection")).ShouldContain("Acme Builders is now connected to Sandbox ERP (acme-ledger).");
        (await app.CompanyAsync("Acme Builders")).ErpConnection.ShouldBe("acme-ledger");

        await admin.SubmitAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Connection", "")]);

        (await app.CompanyAsync("Acme Builders")).ErpConnection.ShouldBe(acme.Ledger);
    }

    [Fact]
    public async Task AddSandboxJob_PutsTheJobInTheCompanysOwnLedger_AndRefusesADuplicate()
    {
        await using var app = new AppFactory(seedDemo: false);
        var acme = await app.SetUpAcmeAsync();
        var admin = await Browser.SignInAsync(app, SetupKit.AdminEmail, SetupKit.AdminPassword);
        (await admin.PageTextAsync("/erp-connection")).ShouldContain("The Sandbox ERP is the demo ERP built into ERP Integrations, and it starts empty.");

        await admin.SubmitAsync("/erp-connection?handler=AddJob", [new("JobId", "ACME-1"), new("JobName", "Acme One")]);

        (await admin.PageTextAsync("/erp-connection")).ShouldContain("Job ACME-1 was added to the Sandbox ERP.");
        (await app.SandboxStore.ListLedgerAsync(acme.Ledger)).ShouldHaveSingleItem().JobId.ShouldBe("ACME-1");
        var duplicate = await admin.PostAsync("/erp-connection?handler=AddJob", [new("JobId", "ACME-1"), new("JobName", "Again")], "/erp-connection");
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await duplicate.TextAsync(), "JobId").ShouldBe("The Sandbox ERP already has job ACME-1.");
        var invalid = await admin.PostAsync("/erp-connection?handler=AddJob", [new("JobId", "ACME 2!"), new("JobName", "")], "/erp-connection");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await invalid.TextAsync();
        ProjectAdminKit.FieldError(html, "JobId").ShouldBe("Use only letters, digits and hyphens in the job ID.");
        ProjectAdminKit.FieldError(html, "JobName").ShouldBe("Enter the job's name.");
    }

    [Theory]
    [InlineData("directory-admin")]
    [InlineData("approver@demo.test")]
    public async Task NotAnErpIntegrationsAdmin_CannotConfigureTheConnection(string who)
    {
        await using var app = new AppFactory();
        var email = who.Contains('@', StringComparison.Ordinal) ? who : await app.MakeAsync(who);
        var browser = await Browser.SignInAsync(app, email);

        (await browser.Client.GetAsync("/erp-connection")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("/erp-connection?handler=Connection", [new("Connector", "Sandbox"), new("Connection", "mine")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostAsync("/erp-connection?handler=AddJob", [new("JobId", "MINE-1"), new("JobName", "Mine")], "/signout")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await app.CompanyAsync(DemoData.Demo)).ErpConnection.ShouldBe("demo-construction");
        (await app.SandboxStore.ListLedgerAsync("demo-construction")).ShouldNotContain(j => j.JobId == "MINE-1");
    }
}
