using System.Net;
using ErpIntegrations.IntegrationTests.Features.Setup;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Data;

/// <summary>
/// The tests of a fresh installation, of migrations and of the seed's own start-up keep an app each; the demo seed is
/// read on the shared app (which starts from it, and whose other tests stay in companies of their own).
/// </summary>
public sealed class FoundationTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Migrations_ApplyToAnEmptyDatabase()
    {
        await using var app = new AppFactory(seedDemo: false);
        var (applied, pending, companies) = await app.WithDbAsync(Guid.Empty, async db => (
            (await db.Database.GetAppliedMigrationsAsync()).ToList(),
            (await db.Database.GetPendingMigrationsAsync()).ToList(),
            await db.Companies.CountAsync()));

        applied.ShouldNotBeEmpty();
        pending.ShouldBeEmpty();
        companies.ShouldBe(0);
    }

    [Fact]
    public async Task Migrations_CoverTheWholeModel()
    {
        await using var app = new AppFactory(seedDemo: false);

        (await app.WithDbAsync(Guid.Empty, db => Task.FromResult(db.Database.HasPendingModelChanges()))).ShouldBeFalse(
            "the model changed without a migration: run scripts/add-migration.sh");
    }

    [Fact]
    public async Task DemoSeed_YieldsEveryStateAndBothCompanies()
    {
        var app = App;
        var demo = await app.CompanyAsync(DemoData.Demo);
        var states = await app.WithDbAsync(demo.Id, db => db.SubJobs.Select(s => s.State).Distinct().ToListAsync());

        states.Order().ShouldBe(Enum.GetValues<SubJobState>().Order());
        (await app.CompanyAsync(DemoData.Other)).Name.ShouldBe(DemoData.Other);
        foreach (var email in new[] { "admin@demo.test", "approver@demo.test", "standard@demo.test", "readonly@demo.test", "pm@demo.test", "approver@other.test" })
        {
            (await app.UserAsync(email)).Email.ShouldBe(email);
        }

        var projects = await app.WithDbAsync(demo.Id, db => db.Projects.ToListAsync());
        projects.Count(p => p.IsLinked).ShouldBe(3);
        projects.Count(p => !p.IsLinked).ShouldBe(1);
        var onlyInErp = (await app.SandboxStore.ListLedgerAsync("demo-construction")).SelectMany(j => j.SubJobs).Count(s => s.Reference is null);
        onlyInErp.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task AFreshDatabase_BesideTheSandboxStoreOfAnEarlierDemo_StartsAndSeedsTheDemoLedgerAfresh()
    {
        var directory = Path.Combine(Path.GetTempPath(), "erp-tests", Guid.NewGuid().ToString("N"));
        await using (var first = new AppFactory(dataDirectory: directory, keepData: true))
        {
            (await first.SandboxStore.ListLedgerAsync("demo-construction")).ShouldNotBeEmpty();
        }

        // ERP Integrations' database is gone (a new database, or a crash during the first seed); the Sandbox store stays.
        var postgres = Environment.GetEnvironmentVariable("TEST_POSTGRES");
        if (string.IsNullOrEmpty(postgres))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(directory, "erp-integrations.db*"))
            {
                File.Delete(file);
            }
        }
        else
        {
            await TestPostgres.DropDatabaseAsync(postgres, AppFactory.PostgresDatabaseFor(directory));
        }

        await using var second = new AppFactory(dataDirectory: directory);
        var ledger = await second.SandboxStore.ListLedgerAsync("demo-construction");

        var subJobs = ledger.SelectMany(j => j.SubJobs).ToList();
        subJobs.Count(s => s.Reference is null).ShouldBe(3, "the sub jobs only in the ERP, once");
        var synced = await second.WithDbAsync(Guid.Empty, db => db.SubJobs.IgnoreQueryFilters().Where(s => s.State == SubJobState.Synced).Select(s => s.Id).ToListAsync());
        subJobs.Where(s => s.Reference is not null).Select(s => s.Reference).Order().ShouldBe(synced.Select(id => id.ToString()).Order(), "the ERP holds exactly the demo's synced sub jobs");
    }

    [Fact]
    public async Task DemoSeed_WritesAnAuditEntryForEveryTransition()
    {
        var app = App;
        var demo = await app.CompanyAsync(DemoData.Demo);
        var rejected = await app.WithDbAsync(demo.Id, db => db.SubJobs.Include(s => s.History).SingleAsync(s => s.State == SubJobState.Rejected));

        rejected.History.OrderBy(h => h.Id).Select(h => h.Action).ShouldBe([AuditAction.Created, AuditAction.Sent, AuditAction.Rejected]);
        rejected.History.Last().ActorName.ShouldBe("Avery Approver");
        rejected.RejectionReason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task TwoConcurrentAccepts_CreateExactlyOneErpRequest()
    {
        var app = App;
        var company = await shared.NewCompanyAsync();
        var approver = (await app.UserAsync(company.Approver.Email)).ToActor();
        var id = await company.SubJobAsync(await company.ProjectAsync("1001"));

        await using var first = app.ScopeFor(company.Id, out var db1);
        await using var second = app.ScopeFor(company.Id, out var db2);
        var one = await db1.SubJobs.Include(s => s.Project).Include(s => s.CostCodes).SingleAsync(s => s.Id == id);
        var two = await db2.SubJobs.Include(s => s.Project).Include(s => s.CostCodes).SingleAsync(s => s.Id == id);
        db1.ErpRequests.Add(one.Accept("FIRST", approver, app.Now));
        db2.ErpRequests.Add(two.Accept("SECOND", approver, app.Now));

        var outcomes = await Task.WhenAll(SaveAsync(db1), SaveAsync(db2));

        outcomes.Count(ok => ok).ShouldBe(1);
        var requests = await app.RequestsAsync(id);
        requests.Count.ShouldBe(1);
        (await app.SubJobAsync(id)).ErpSubJobId.ShouldBe(requests[0].ErpSubJobId);

        static async Task<bool> SaveAsync(DbContext db)
        {
            try
            {
                await db.SaveChangesAsync();
                return true;
            }
            catch (DbUpdateConcurrencyException)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task TwoConcurrentAccepts_OfTwoSubJobsUnderOneErpJobIdInAnyCase_CommitOnlyOne()
    {
        var app = App;
        var company = await shared.NewCompanyAsync();
        var approver = (await app.UserAsync(company.Approver.Email)).ToActor();
        var riverside = await company.ProjectAsync("1001");
        Guid[] ids = [await company.SubJobAsync(riverside), await company.SubJobAsync(riverside)];

        await using var first = app.ScopeFor(company.Id, out var db1);
        await using var second = app.ScopeFor(company.Id, out var db2);
        var one = await db1.SubJobs.Include(s => s.Project).Include(s => s.CostCodes).SingleAsync(s => s.Id == ids[0]);
        var two = await db2.SubJobs.Include(s => s.Project).Include(s => s.CostCodes).SingleAsync(s => s.Id == ids[1]);
        db1.ErpRequests.Add(one.Accept("RACE1", approver, app.Now));
        db2.ErpRequests.Add(two.Accept("race1", approver, app.Now));

        var outcomes = await Task.WhenAll(SaveAsync(db1), SaveAsync(db2));

        outcomes.Count(ok => ok).ShouldBe(1);
        var states = new[] { (await app.SubJobAsync(ids[0])).State, (await app.SubJobAsync(ids[1])).State };
        states.ShouldBe([SubJobState.Exporting, SubJobState.ReadyToExport], ignoreOrder: true);
        ((await app.RequestsAsync(ids[0])).Count + (await app.RequestsAsync(ids[1])).Count).ShouldBe(1);

        static async Task<bool> SaveAsync(DbContext db)
        {
            try
            {
                await db.SaveChangesAsync();
                return true;
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task TwoProjectsOfACompany_CannotBeLinkedToOneErpJob_EvenWhenTheCheckRaces()
    {
        var app = App;
        var demo = await shared.NewCompanyAsync();
        await demo.ProjectAsync("1001", erpJobId: "RMC-1001");
        await demo.ProjectAsync("1004", linked: false);

        var linkedTwice = await app.WithDbAsync(demo.Id, async db =>
        {
            var unlinked = await db.Projects.SingleAsync(p => p.Number == "1004");
            unlinked.LinkToErpJob("RMC-1001", subJobsInErp: 0);
            return await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });

        linkedTwice.ShouldNotBeOfType<DbUpdateConcurrencyException>();
        (await app.WithDbAsync(demo.Id, db => db.Projects.CountAsync(p => p.ErpJobId == "RMC-1001"))).ShouldBe(1);
        (await app.WithDbAsync(demo.Id, db => db.Projects.Where(p => p.Number == "1004").Select(p => p.ErpJobId).SingleAsync())).ShouldBeNull();
    }

    [Fact]
    public async Task ACompany_NeverReadsAnothersRows()
    {
        var app = App;
        var demo = await shared.NewCompanyAsync();
        var other = await shared.NewCompanyAsync();
        var riverside = await demo.ProjectAsync("1001");
        await demo.SubJobAsync(riverside, SubJobState.Exporting);
        await demo.SubJobAsync(riverside, SubJobState.Synced);
        await demo.SubJobAsync(riverside, SubJobState.FailedToExport);
        var lodge = await other.ProjectAsync("2001");
        await other.SubJobAsync(lodge);
        await other.SubJobAsync(lodge, SubJobState.Rejected);
        var demoSubJobId = await app.WithDbAsync(demo.Id, db => db.SubJobs.Select(s => s.Id).FirstAsync());

        var seenByOther = await app.WithDbAsync(other.Id, async db => new
        {
            SubJobs = await db.SubJobs.Select(s => s.CompanyId).Distinct().ToListAsync(),
            Projects = await db.Projects.Select(p => p.CompanyId).Distinct().ToListAsync(),
            CostCodes = await db.CostCodes.Select(c => c.CompanyId).Distinct().ToListAsync(),
            Requests = await db.ErpRequests.Select(r => r.CompanyId).Distinct().ToListAsync(),
            Audit = await db.AuditEntries.Select(a => a.CompanyId).Distinct().ToListAsync(),
            DemoSubJob = await db.SubJobs.FindAsync(demoSubJobId),
        });

        seenByOther.SubJobs.ShouldBe([other.Id]);
        seenByOther.Projects.ShouldBe([other.Id]);
        seenByOther.CostCodes.ShouldBe([other.Id]);
        (await app.WithDbAsync(demo.Id, db => db.ErpRequests.CountAsync())).ShouldBeGreaterThan(0, "the demo company has ERP requests");
        seenByOther.Requests.ShouldBeEmpty("the other company has none of its own, and sees none of the first's");
        seenByOther.Audit.ShouldBe([other.Id]);
        seenByOther.DemoSubJob.ShouldBeNull();
    }

    [Fact]
    public async Task Health_AndSignInPage_AnswerWithoutSignIn_EverythingElseRedirects()
    {
        await using var app = new AppFactory(seedDemo: false);

        // Set up: on an empty database the start page leads to /setup instead (FirstRunTests).
        await app.SetUpAcmeAsync();
        var anonymous = Browser.Anonymous(app);

        (await anonymous.Client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetPageAsync("/signin")).ShouldContain("Sign in");
        var home = await anonymous.Client.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().ShouldContain("/signin");
    }

    [Fact]
    public async Task SignIn_WithDemoPassword_OpensTheStartPage()
    {
        var company = await shared.NewCompanyAsync();
        var browser = await Browser.SignInAsync(App, company.Approver.Email);

        Html.Parse(await browser.GetPageAsync("/")).Text().ShouldContain(company.Name);
    }

    [Fact]
    public async Task SignIn_LocksTheAccountAfterRepeatedFailures()
    {
        var company = await shared.NewCompanyAsync();
        var browser = Browser.Anonymous(App);
        for (var i = 0; i < 5; i++)
        {
            await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = company.Standard.Email, ["Password"] = "wrong-password" });
        }

        var response = await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = company.Standard.Email, ["Password"] = "Demo123!" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Parse(await response.Content.ReadAsStringAsync()).One("[role=alert]").Text().ShouldContain("locked");
        (await App.UserAsync(company.Standard.Email)).LockoutEnd.ShouldNotBeNull();
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused()
    {
        await using var app = new AppFactory(seedDemo: false);
        var client = Browser.Anonymous(app).Client;

        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "a@b.test", ["Password"] = "x" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
