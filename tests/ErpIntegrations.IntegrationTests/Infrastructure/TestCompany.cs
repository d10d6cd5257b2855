using ErpIntegrations.Connectors;
using ErpIntegrations.Connectors.Sandbox;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Infrastructure;

public sealed record TestUser(Guid Id, string Email, string Name)
{
    public const string Password = DemoSeeder.Password;
}

public sealed record TestProject(Guid Id, string Number, string Name, string? ErpJobId);

/// <summary>
/// A company of one test's own on a shared app: the demo's five roles as users, six cost codes and a Sandbox ERP
/// ledger nobody else writes to. Tests on one host stay apart by company, so nothing here reuses the demo's names.
/// Projects and sub jobs are built through the domain model, the way the app itself would reach each state.
/// </summary>
public sealed class TestCompany
{
    public static readonly IReadOnlyList<(string Code, string Description)> DefaultCostCodes =
    [
        ("01-100", "General Requirements"),
        ("03-300", "Cast-in-Place Concrete"),
        ("05-120", "Structural Steel"),
        ("09-250", "Gypsum Board"),
        ("22-100", "Plumbing"),
        ("26-050", "Electrical"),
    ];

    private int _projects;
    private int _subJobs;

    private TestCompany(AppFactory app, Company company)
    {
        App = app;
        Company = company;
    }

    public AppFactory App { get; }

    public Company Company { get; }

    public Guid Id => Company.Id;

    public string Name => Company.Name;

    public string Ledger => Company.ErpConnection;

    /// <summary>The domain of the company's email addresses, for people a test adds.</summary>
    public string Domain => $"{Id.ToString("N")[^10..]}.test";

    /// <summary>An address at the company's domain, for a person the test adds.</summary>
    public string Email(string name) => $"{name}@{Domain}";

    /// <summary>ERP Integrations Admin, Directory Admin, approver.</summary>
    public TestUser Admin { get; private set; } = null!;

    /// <summary>Standard on ERP Integrations, approver.</summary>
    public TestUser Approver { get; private set; } = null!;

    public TestUser Standard { get; private set; } = null!;

    public TestUser ReadOnly { get; private set; } = null!;

    /// <summary>No ERP Integrations access; Admin on every project this builder makes.</summary>
    public TestUser ProjectManager { get; private set; } = null!;

    public static async Task<TestCompany> CreateAsync(AppFactory app, string? name = null)
    {
        var id = Guid.CreateVersion7(app.Now);
        var tag = id.ToString("N")[^10..];
        var sandbox = app.Services.GetRequiredKeyedService<IErpConnectorFactory>(SandboxErpServiceCollectionExtensions.ConnectorName);
        var company = new Company(id, name ?? $"Test Company {tag}", SandboxErpServiceCollectionExtensions.ConnectorName, sandbox.WriteConnection(ErpSettingValues.Empty, id));
        var built = new TestCompany(app, company);
        await using var scope = app.ScopeFor(id, out var db);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        db.Companies.Add(company);
        db.CostCodes.AddRange(DefaultCostCodes.Select(c => new CostCode(Guid.CreateVersion7(app.Now), id, c.Code, c.Description)));
        await db.SaveChangesAsync();

        built.Admin = await AddUserAsync(users, company, $"admin@{built.Domain}", "Alex Admin", PermissionLevel.Admin, approver: true, directoryAdmin: true);
        built.Approver = await AddUserAsync(users, company, $"approver@{built.Domain}", "Avery Approver", PermissionLevel.Standard, approver: true, directoryAdmin: false);
        built.Standard = await AddUserAsync(users, company, $"standard@{built.Domain}", "Sam Standard", PermissionLevel.Standard, approver: false, directoryAdmin: false);
        built.ReadOnly = await AddUserAsync(users, company, $"readonly@{built.Domain}", "Riley Readonly", PermissionLevel.ReadOnly, approver: false, directoryAdmin: false);
        built.ProjectManager = await AddUserAsync(users, company, $"pm@{built.Domain}", "Pat Project-Manager", PermissionLevel.None, approver: false, directoryAdmin: false);
        return built;
    }

    /// <summary>
    /// The email of a role: one of the five people, or "directory-admin" (Standard made a Directory Admin without
    /// ERP Integrations access) or "erp-admin" (Read-only made an ERP Integrations Admin, not a Directory Admin).
    /// </summary>
    public async Task<string> EmailAsync(string role)
    {
        var (user, level, directoryAdmin) = role switch
        {
            "admin" => (Admin, (PermissionLevel?)null, false),
            "approver" => (Approver, null, false),
            "standard" => (Standard, null, false),
            "readonly" => (ReadOnly, null, false),
            "pm" => (ProjectManager, null, false),
            "directory-admin" => (Standard, PermissionLevel.None, true),
            "erp-admin" => (ReadOnly, PermissionLevel.Admin, false),
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "no such role"),
        };
        if (level is { } erpLevel)
        {
            await WithDbAsync(async db =>
            {
                var entity = await db.Users.SingleAsync(u => u.Id == user.Id);
                entity.ErpIntegrationsLevel = erpLevel;
                entity.IsDirectoryAdmin = directoryAdmin;
                return await db.SaveChangesAsync();
            });
        }

        return user.Email;
    }

    /// <summary>A project linked to a job of its own in the company's ledger (unless <paramref name="linked"/> is false).</summary>
    public async Task<TestProject> ProjectAsync(string? number = null, string? name = null, bool linked = true, string? erpJobId = null)
    {
        var n = Interlocked.Increment(ref _projects);
        number ??= $"{1000 + n}";
        name ??= $"Project {number}";
        erpJobId = linked ? erpJobId ?? $"JOB-{number}" : null;
        var project = new Project(Guid.CreateVersion7(App.Now), Id, number, name, erpJobId);
        await using var scope = App.ScopeFor(Id, out var db);
        db.Projects.Add(project);
        db.ProjectPermissions.Add(new ProjectPermission(project.Id, Admin.Id, PermissionLevel.Admin));
        db.ProjectPermissions.Add(new ProjectPermission(project.Id, ProjectManager.Id, PermissionLevel.Admin));
        await db.SaveChangesAsync();
        if (erpJobId is not null)
        {
            await App.SandboxStore.AddJobAsync(Ledger, erpJobId, name);
        }

        return new TestProject(project.Id, number, name, erpJobId);
    }

    /// <summary>Gives the person a level on the project's Admin tool.</summary>
    public Task GrantAsync(TestUser user, TestProject project, PermissionLevel level) =>
        WithDbAsync(db =>
        {
            db.ProjectPermissions.Add(new ProjectPermission(project.Id, user.Id, level));
            return db.SaveChangesAsync();
        });

    /// <summary>
    /// A sub job created by the project manager and taken to <paramref name="state"/>: sent, then accepted by the
    /// approver under its code for Exporting (the export request waiting), Synced (in the ledger), Failed to Export;
    /// rejected or retrieved with the reasons given.
    /// </summary>
    public async Task<Guid> SubJobAsync(
        TestProject project,
        SubJobState state = SubJobState.ReadyToExport,
        string? code = null,
        string? description = null,
        string[]? costCodes = null,
        string failure = "Sandbox ERP refused the sub job (simulated fault).",
        string rejection = "Split it in two.",
        DateTime? at = null)
    {
        var n = Interlocked.Increment(ref _subJobs);
        code ??= $"SJ{n:D3}";
        description ??= $"Sub job {n}";
        var now = at ?? App.Now;
        await using var scope = App.ScopeFor(Id, out var db);
        db.WithoutNotifications = true;
        var erp = scope.ServiceProvider.GetRequiredService<ErpConnectors>().For(Company).Capabilities;
        var entity = await db.Projects.SingleAsync(p => p.Id == project.Id);
        var wanted = costCodes ?? [DefaultCostCodes[1].Code];
        var codes = await db.CostCodes.Where(c => wanted.Contains(c.Code)).ToListAsync();
        codes.Count.ShouldBe(wanted.Length, "the cost codes exist");
        var pm = (await db.Users.SingleAsync(u => u.Id == ProjectManager.Id)).ToActor();
        var approver = (await db.Users.SingleAsync(u => u.Id == Approver.Id)).ToActor();

        var subJob = SubJob.Create(entity, code, description, codes, pm, now);
        db.SubJobs.Add(subJob);
        if (state != SubJobState.NotSent)
        {
            subJob.SendToErp(erp, pm, now);
        }

        switch (state)
        {
            case SubJobState.Exporting:
                db.ErpRequests.Add(subJob.Accept(code, approver, now));
                break;
            case SubJobState.Synced:
                var synced = subJob.Accept(code, approver, now);
                var export = synced.ReadPayload();
                var recordId = await App.SandboxStore.AddSubJobAsync(
                    Ledger,
                    new ErpSubJob("", export.JobId, export.ErpSubJobId, export.Description, export.Reference, [.. export.CostCodes.Select(c => c.Code)]),
                    now);
                synced.StartAttempt(Guid.CreateVersion7(now), now);
                synced.Succeed(recordId, now);
                subJob.MarkExported(recordId, now);
                db.ErpRequests.Add(synced);
                break;
            case SubJobState.FailedToExport:
                var failed = subJob.Accept(code, approver, now);
                failed.StartAttempt(Guid.CreateVersion7(now), now);
                failed.Fail(failure, now);
                subJob.MarkExportFailed(failure, now);
                db.ErpRequests.Add(failed);
                break;
            case SubJobState.Rejected:
                subJob.Reject(rejection, approver, now);
                break;
            case SubJobState.Retrieved:
                subJob.RetrieveFromErp(pm, now);
                break;
        }

        await db.SaveChangesAsync();
        return subJob.Id;
    }

    /// <summary>A sub job that exists only in the ledger, under the project's ERP job: ready to import.</summary>
    public async Task<string> ErpOnlySubJobAsync(TestProject project, string erpSubJobId, string description = "Made in the ERP", params string[] costCodes) =>
        await App.SandboxStore.AddSubJobAsync(
            Ledger,
            new ErpSubJob("", project.ErpJobId!, erpSubJobId, description, null, costCodes.Length == 0 ? [DefaultCostCodes[0].Code] : costCodes),
            App.Now);

    /// <summary>How many sub jobs the company's ledger holds under the job with this ID.</summary>
    public Task<int> ErpCopiesAsync(string job, string erpSubJobId) => App.SandboxStore.CountSubJobsAsync(Ledger, job, erpSubJobId);

    public Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work) => App.WithDbAsync(Id, work);

    public Task<Guid> CostCodeIdAsync(string code) =>
        WithDbAsync(db => db.CostCodes.Where(c => c.Code == code).Select(c => c.Id).SingleAsync());

    public Task<Guid> SubJobIdAsync(string code) =>
        WithDbAsync(db => db.SubJobs.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());

    private static async Task<TestUser> AddUserAsync(UserManager<User> users, Company company, string email, string name, PermissionLevel erpLevel, bool approver, bool directoryAdmin)
    {
        var user = User.NewMember(Guid.CreateVersion7(), company.Id, email, name);
        user.EmailConfirmed = true;
        user.ErpIntegrationsLevel = erpLevel;
        user.IsDirectoryAdmin = directoryAdmin;
        user.SubscribeToDigest = approver;
        if (approver)
        {
            user.SeedAccountingApprover();
        }

        var result = await users.CreateAsync(user, TestUser.Password);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors.Select(e => e.Description)));
        return new TestUser(user.Id, email, name);
    }
}
