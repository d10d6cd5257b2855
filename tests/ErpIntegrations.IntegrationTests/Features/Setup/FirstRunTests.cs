using System.Net;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Features.ProjectSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.Setup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Features.Setup;

public sealed class FirstRunTests
{
    [Fact]
    public async Task RealCompany_FromSetupToASyncedSubJob_WithoutDemoData()
    {
        await using var app = new AppFactory(seedDemo: false);
        (await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync())).ShouldBe(0);

        var setup = await app.RunSetupCommandAsync(["setup", "--company", "Acme Builders", "--email", SetupKit.AdminEmail, "--name", "Olivia Owner"], passwordFromEnvironment: SetupKit.AdminPassword);

        setup.ExitCode.ShouldBe(0, setup.Error);
        setup.Output.ShouldContain("Set up \"Acme Builders\"");
        var company = await app.CompanyAsync("Acme Builders");
        company.ErpConnector.ShouldBe("Sandbox");
        company.ErpConnection.ShouldBe($"company-{company.Id:N}");
        var owner = await app.UserAsync(SetupKit.AdminEmail);
        owner.IsDirectoryAdmin.ShouldBeTrue();
        owner.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Admin);
        owner.CanPushToAccounting.ShouldBeTrue();

        var admin = await Browser.SignInAsync(app, SetupKit.AdminEmail, SetupKit.AdminPassword);
        (await admin.PageTextAsync("/erp-connection")).ShouldContain("Sandbox ERP lists no jobs yet");
        await admin.SubmitAsync("/erp-connection?handler=AddJob", [new("JobId", "ACME-100"), new("JobName", "Acme Tower")]);

        var created = await admin.SubmitAsync("/projects/new", [new("Number", "100"), new("Name", "Acme Tower")]);
        var projectId = await app.ProjectIdAsync("100");
        created.Headers.Location!.ToString().ShouldBe($"/projects/{projectId}/edit");
        (await admin.PageTextAsync($"/projects/{projectId}/edit")).ShouldContain("<option value=\"ACME-100\"");
        await admin.SubmitAsync($"/projects/{projectId}/edit?handler=Link", [new("ErpJobId", "ACME-100")]);

        await admin.SubmitAsync("/cost-codes", [new("Code", "03-300"), new("Description", "Concrete")]);

        await admin.SubmitAsync("/directory/new", [
            new("Name", "Pat Builder"), new("Email", "pat@acme.test"), new("ErpIntegrationsLevel", "None"),
            new("PasswordChoice", "password"), new("Password", "Pat-Builder-2026!")]);
        var pat = await app.UserAsync("pat@acme.test");
        pat.CompanyId.ShouldBe(company.Id);
        await admin.SubmitAsync($"/directory/{pat.Id}?handler=ProjectLevel", [new("projectId", projectId.ToString()), new("level", "Admin")], $"/directory/{pat.Id}");

        var projectAdmin = await Browser.SignInAsync(app, "pat@acme.test", "Pat-Builder-2026!");
        await projectAdmin.SubmitAsync("/set-password", [new("CurrentPassword", "Pat-Builder-2026!"), new("Password", "Pat-Own-2026!"), new("ConfirmPassword", "Pat-Own-2026!")]);
        var costCodeId = await app.CostCodeIdAsync("03-300", "Acme Builders");
        await projectAdmin.SubmitAsync(ProjectAdminKit.NewPath(projectId), ProjectAdminKit.SubJobFields("LEVEL1", "Level 1 slab", costCodeId));
        var subJob = await app.RequiredSubJobAsync("100", "LEVEL1");
        (await projectAdmin.SubJobActionAsync(projectId, subJob, "Send")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.StateAsync(subJob.Id)).ShouldBe(SubJobState.ReadyToExport);

        var accepted = await admin.PostAsync("Accept", new() { ["subJobId"] = subJob.Id.ToString(), ["erpJobId"] = "LEVEL1" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await app.Exporter.RunOnceAsync();

        var synced = await app.RequiredSubJobAsync("100", "LEVEL1");
        synced.State.ShouldBe(SubJobState.Synced);
        synced.ErpSubJobId.ShouldBe("LEVEL1");
        synced.Actions().ShouldBe([AuditAction.Created, AuditAction.Sent, AuditAction.Accepted, AuditAction.Exported]);
        synced.History.Single(h => h.Action == AuditAction.Sent).ActorName.ShouldBe("Pat Builder");
        synced.History.Single(h => h.Action == AuditAction.Accepted).ActorName.ShouldBe("Olivia Owner");
        (await app.SandboxStore.CountSubJobsAsync(company.ErpConnection, "ACME-100", "LEVEL1")).ShouldBe(1);
        (await app.SandboxStore.CountSubJobsAsync("demo-construction", "ACME-100", "LEVEL1")).ShouldBe(0);
    }

    [Fact]
    public async Task SetupPage_WhileNoCompanyExists_CreatesTheCompanyAndSignsTheAdminIn_ThenIsGoneForGood()
    {
        await using var app = new AppFactory(seedDemo: false);
        var browser = Browser.Anonymous(app);
        (await browser.PageTextAsync("/signin")).ShouldContain("<a href=\"/setup\">Set up your company</a>");
        (await browser.PageTextAsync("/setup")).ShouldContain("<label for=\"company-name\">Company name</label>");

        var response = await browser.PostFormAsync("/setup", new Dictionary<string, string>
        {
            ["SetupCode"] = app.SetupCodeFromLog(),
            ["CompanyName"] = "Acme Builders",
            ["Name"] = "Olivia Owner",
            ["Email"] = SetupKit.AdminEmail,
            ["Password"] = SetupKit.AdminPassword,
            ["ConfirmPassword"] = SetupKit.AdminPassword,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/erp-connection");
        var page = await browser.PageTextAsync("/erp-connection");
        page.ShouldContain("Acme Builders is set up, and you are its first Directory Admin");
        page.ShouldContain("Connected to Sandbox ERP");
        var owner = await app.UserAsync(SetupKit.AdminEmail);
        owner.IsDirectoryAdmin.ShouldBeTrue();
        owner.CanPushToAccounting.ShouldBeTrue();
        owner.ErpIntegrationsLevel.ShouldBe(PermissionLevel.Admin);

        var anonymous = Browser.Anonymous(app);
        (await anonymous.Client.GetAsync("/setup")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var again = await anonymous.Client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string> { ["CompanyName"] = "Intruder", ["Email"] = "x@y.test", ["Password"] = "Xx-123456!", ["ConfirmPassword"] = "Xx-123456!" }));
        again.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        (await anonymous.PageTextAsync("/signin")).ShouldNotContain("Set up your company");
        (await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task SetupPage_WithInvalidFields_ShowsEachMessageBesideItsField_AndCreatesNothing()
    {
        await using var app = new AppFactory(seedDemo: false);
        var browser = Browser.Anonymous(app);

        var response = await browser.PostFormAsync("/setup", new Dictionary<string, string>
        {
            ["SetupCode"] = app.SetupCodeFromLog(),
            ["CompanyName"] = "",
            ["Email"] = "not-an-email",
            ["Password"] = "short",
            ["ConfirmPassword"] = "short",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.TextAsync();
        ProjectAdminKit.FieldError(html, "CompanyName").ShouldBe("Enter the company's name.");
        ProjectAdminKit.FieldError(html, "Email").ShouldBe("Enter an email address like name@company.com.");
        (await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync())).ShouldBe(0);

        var weak = await browser.PostFormAsync("/setup", new Dictionary<string, string>
        {
            ["SetupCode"] = app.SetupCodeFromLog(),
            ["CompanyName"] = "Acme Builders",
            ["Email"] = SetupKit.AdminEmail,
            ["Password"] = "short",
            ["ConfirmPassword"] = "short",
        });

        weak.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await weak.TextAsync(), "Password")!.ShouldContain("at least 8 characters");
        (await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(Guid.Empty, db => db.Users.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task ProductionStart_OnAnEmptyDatabase_SeedsNoDemo_AndTheStartPageLeadsToSetup()
    {
        await using var app = new AppFactory(seedDemo: false) { EnvironmentName = "Production", SeedDemoByEnvironment = true };
        var browser = Browser.Anonymous(app);

        var start = await browser.Client.GetAsync("/");

        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        start.Headers.Location!.ToString().ShouldBe("/setup");
        (await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(Guid.Empty, db => db.Users.CountAsync())).ShouldBe(0);
        var page = await browser.PageTextAsync("/setup");
        page.ShouldContain("<label for=\"setup-code\">Setup code</label>");
        WebUtility.HtmlDecode(page).ShouldContain("Enter the setup code printed in the application's log at start-up.");
        app.SetupCodeFromLog().ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAAAA-BBBBB-CCCCC-DDDDD")]
    public async Task SetupPage_WithoutTheRightCode_IsRefusedReadably_AndCreatesNothing(string? code)
    {
        await using var app = new AppFactory(seedDemo: false) { EnvironmentName = "Production", SeedDemoByEnvironment = true };
        var browser = Browser.Anonymous(app);
        var fields = new Dictionary<string, string>
        {
            ["CompanyName"] = "Intruder Inc.",
            ["Email"] = "intruder@evil.test",
            ["Password"] = SetupKit.AdminPassword,
            ["ConfirmPassword"] = SetupKit.AdminPassword,
        };
        if (code is not null)
        {
            fields["SetupCode"] = code;
        }

        var response = await browser.PostFormAsync("/setup", fields);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ProjectAdminKit.FieldError(await response.TextAsync(), "SetupCode")
            .ShouldBe("That is not the setup code. Enter the setup code printed in the application's log at start-up.");
        (await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(Guid.Empty, db => db.Users.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task SetupPage_WithTheCodeFromTheLog_TypedInLowerCaseWithSpaces_CreatesTheCompany_AndTheCodeIsThenSpent()
    {
        await using var app = new AppFactory(seedDemo: false) { EnvironmentName = "Production", SeedDemoByEnvironment = true };
        var browser = Browser.Anonymous(app);
        var code = app.SetupCodeFromLog();

        var response = await browser.PostFormAsync("/setup", new Dictionary<string, string>
        {
            ["SetupCode"] = $" {code.ToLowerInvariant().Replace('-', ' ')} ",
            ["CompanyName"] = "Acme Builders",
            ["Email"] = SetupKit.AdminEmail,
            ["Password"] = SetupKit.AdminPassword,
            ["ConfirmPassword"] = SetupKit.AdminPassword,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.CompanyAsync("Acme Builders")).Name.ShouldBe("Acme Builders");
        app.Services.GetRequiredService<SetupCode>().Accepts(code).ShouldBeFalse();
        (await browser.Client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SeedDemoTrue_InProduction_SeedsTheDemo_AndLogsNoSetupCode()
    {
        await using var app = new AppFactory(seedDemo: false, settings: new Dictionary<string, string> { ["App:SeedDemo"] = "true" }) { EnvironmentName = "Production" };

        await Browser.SignInAsync(app, "admin@demo.test");
        (await app.CompanyAsync("Demo Construction Co.")).ShouldNotBeNull();
        app.Logs.Entries.ShouldNotContain(e => e.Message.StartsWith("No company exists yet.", StringComparison.Ordinal));
        (await Browser.Anonymous(app).Client.GetAsync("/setup")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DevelopmentStart_WithoutSeedDemo_SeedsTheDemo()
    {
        await using var app = new AppFactory(seedDemo: false) { EnvironmentName = "Development", SeedDemoByEnvironment = true };

        await Browser.SignInAsync(app, "admin@demo.test");
        (await app.CompanyAsync("Demo Construction Co.")).ShouldNotBeNull();
    }

    [Fact]
    public async Task SetupCommand_WhenACompanyExists_IsRefusedWithANonZeroExit()
    {
        await using var app = new AppFactory();
        var companies = await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync());

        var run = await app.RunSetupCommandAsync(["setup", "--company", "Second Co", "--email", "second@co.test"], passwordFromEnvironment: "Second-Co-2026!");

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("Setup refused. ERP Integrations is already set up: a company exists.");
        run.Output.ShouldBeEmpty();
        (await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync())).ShouldBe(companies);
        (await app.WithDbAsync(Guid.Empty, db => db.Users.AnyAsync(u => u.Email == "second@co.test"))).ShouldBeFalse();
    }

    [Fact]
    public async Task SetupCommand_ReadsThePasswordFromStandardInput()
    {
        await using var app = new AppFactory(seedDemo: false);

        var run = await app.RunSetupCommandAsync(["setup", "--company", "Acme Builders", "--email", SetupKit.AdminEmail], standardInput: SetupKit.AdminPassword + "\n");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain($"First Directory Admin: owner <{SetupKit.AdminEmail}>");
        await Browser.SignInAsync(app, SetupKit.AdminEmail, SetupKit.AdminPassword);
    }

    [Fact]
    public async Task SetupCommand_WithConfigurationKeysInTheSpaceForm_SetsUpTheDatabaseTheyName()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"erp-setup-{Guid.NewGuid():N}");
        var database = Path.Combine(dataDirectory, "named-by-setup.db");
        string[] args =
        [
            "setup", "--company", "Acme Builders", "--App:DataDirectory", dataDirectory, "--email", SetupKit.AdminEmail,
            "--Database:Provider", "Sqlite", "--ConnectionStrings:Default", $"Data Source={database}", "--Email:Enabled", "false",
        ];
        try
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddErpIntegrations();
            await using var app = builder.Build();
            var error = new StringWriter();

            var exitCode = await SetupCommand.RunAsync(
                app.Services, args, new StringReader(SetupKit.AdminPassword + "\n").ReadLineAsync, new StringWriter(), error, passwordFromEnvironment: null, () => app.MigrateAsync());

            exitCode.ShouldBe(0, error.ToString());
            app.Services.GetRequiredService<AppPaths>().DataDirectory.ShouldBe(dataDirectory);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Database.GetConnectionString().ShouldBe($"Data Source={database}");
            (await db.Users.IgnoreQueryFilters().SingleAsync()).Email.ShouldBe(SetupKit.AdminEmail);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task SetupCommand_WithoutItsOptions_PrintsUsage()
    {
        await using var app = new AppFactory(seedDemo: false);

        var run = await app.RunSetupCommandAsync(["setup", "--company", "Acme Builders"], passwordFromEnvironment: SetupKit.AdminPassword);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("Usage: dotnet run --project src/ErpIntegrations.Web -- setup --company");
        (await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task SetupCommand_WithAWeakPassword_SaysWhyAndCreatesNothing()
    {
        await using var app = new AppFactory(seedDemo: false);

        var run = await app.RunSetupCommandAsync(["setup", "--company", "Acme Builders", "--email", SetupKit.AdminEmail], passwordFromEnvironment: "weak");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("Password: ");
        (await app.WithDbAsync(Guid.Empty, db => db.Companies.CountAsync())).ShouldBe(0);
    }
}
