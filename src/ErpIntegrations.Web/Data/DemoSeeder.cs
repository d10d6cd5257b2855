using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Data;

// Fills an empty database with two companies whose sub jobs stand in every state of PRODUCT.md §4, and their ERP's
// ledgers with the matching jobs, the synced sub jobs and a few that exist only there. The demo needs an ERP whose
// ledger it can fill (IErpLedger): the default connector when it offers one, else the first connector that does
// (the Sandbox ERP).
public sealed class DemoSeeder(AppDbContext db, UserManager<User> users, ErpConnectors connectors, TimeProvider time)
{
    public const string Password = "Demo123!";
    public const string DemoLedger = "demo-construction";
    public const string OtherLedger = "other-builders";

    private DateTime _now;
    private string _connector = "";
    private IErpConnectorFactory _erp = null!;

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Companies.AnyAsync(cancellationToken))
        {
            return;
        }

        (_connector, _erp) = DemoErp();

        // The ERP keeps its own store: after a crash during an earlier seed, or beside a fresh database, it may still
        // hold the demo ledgers. They belong to the demo company about to be created; start them clean.
        await LedgerOf(DemoLedger).ClearAsync(cancellationToken);
        await LedgerOf(OtherLedger).ClearAsync(cancellationToken);
        _now = time.GetUtcNow().UtcDateTime;
        db.WithoutNotifications = true;
        await SeedDemoConstructionAsync(cancellationToken);
        await SeedOtherBuildersAsync(cancellationToken);
        db.WithoutNotifications = false;
    }

    private (string Name, IErpConnectorFactory Factory) DemoErp() =>
        new[] { connectors.Default }.Concat(connectors.Available()).FirstOrDefault(c => c.Factory.Create(ErpSettingValues.Empty) is IErpLedger) is { Factory: not null } found
            ? found
            : throw new InvalidOperationException("The demo needs a connector that keeps its ledger inside ERP Integrations (the Sandbox ERP), and none is registered; start with App:SeedDemo=false.");

    // The demo's ledgers keep fixed names, written in the connector's own connection form (for the Sandbox ERP, the
    // ledger's name), so that a seed beside an older store finds and clears them.
    private string ConnectionOf(string ledger, Guid companyId) => _erp.WriteConnection(_erp.ReadConnection(ledger), companyId);

    private IErpLedger LedgerOf(string ledger) => (IErpLedger)_erp.Create(_erp.ReadConnection(ledger));

    private async Task SeedDemoConstructionAsync(CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(_now);
        var company = new Company(id, "Demo Construction Co.", _connector, ConnectionOf(DemoLedger, id));
        db.Companies.Add(company);
        await db.SaveChangesAsync(cancellationToken);
        var connector = connectors.For(company);
        var ledger = (IErpLedger)connector;

        var admin = await AddUserAsync(company, "admin@demo.test", "Alex Admin", PermissionLevel.Admin, approver: true, directoryAdmin: true);
        var approver = await AddUserAsync(company, "approver@demo.test", "Avery Approver", PermissionLevel.Standard, approver: true, directoryAdmin: false);
        await AddUserAsync(company, "standard@demo.test", "Sam Standard", PermissionLevel.Standard, approver: false, directoryAdmin: false);
        await AddUserAsync(company, "readonly@demo.test", "Riley Readonly", PermissionLevel.ReadOnly, approver: false, directoryAdmin: false);
        var pm = await AddUserAsync(company, "pm@demo.test", "Pat Project-Manager", PermissionLevel.None, approver: false, directoryAdmin: false);

        var costCodes = new[]
        {
            ("01-100", "General Requirements"),
            ("03-300", "Cast-in-Place Concrete"),
            ("05-120", "Structural Steel"),
            ("09-250", "Gypsum Board"),
            ("22-100", "Plumbing"),
            ("26-050", "Electrical"),
        }.Select(c => new CostCode(Guid.CreateVersion7(_now), company.Id, c.Item1, c.Item2)).ToArray();
        db.CostCodes.AddRange(costCodes);

        var riverside = new Project(Guid.CreateVersion7(_now), company.Id, "1001", "Riverside Medical Center", "RMC-1001");
        var harbor = new Project(Guid.CreateVersion7(_now), company.Id, "1002", "Harbor View Apartments", "HVA-1002");
        var northgate = new Project(Guid.CreateVersion7(_now), company.Id, "1003", "Northgate Office Park", "NOP-1003");
        var lakeside = new Project(Guid.CreateVersion7(_now), company.Id, "1004", "Lakeside School Renovation", null);
        Project[] projects = [riverside, harbor, northgate, lakeside];
        db.Projects.AddRange(projects);
        foreach (var project in projects)
        {
            db.ProjectPermissions.Add(new ProjectPermission(project.Id, admin.Id, PermissionLevel.Admin));
            db.ProjectPermissions.Add(new ProjectPermission(project.Id, pm.Id, PermissionLevel.Admin));
        }

        foreach (var project in projects.Where(p => p.IsLinked))
        {
            await ledger.AddJobAsync(new ErpJob(project.ErpJobId!, project.Name), cancellationToken);
        }

        var erp = connector.Capabilities;
        var pmActor = pm.ToActor();
        var approverActor = approver.ToActor();
        var cc = costCodes;

        NotSent(riverside, "MOB", "Mobile imaging suite", [cc[0], cc[5]], pmActor, days: 1);
        NotSent(lakeside, "GYM", "Gymnasium floor replacement", [cc[3]], pmActor, days: 2);

        Sent(riverside, "BLDGA", "Building A - patient tower", [cc[1], cc[2]], pmActor, erp, days: 3);
        Sent(riverside, "BLDGB", "Building B - outpatient clinic", [cc[1], cc[3]], pmActor, erp, days: 2);
        Sent(harbor, "FLOOR1", "Floor 1 - retail podium", [cc[1], cc[4]], pmActor, erp, days: 2);
        Sent(harbor, "FLOOR2", "Floor 2 - residential units", [cc[3], cc[4], cc[5]], pmActor, erp, days: 1);
        Sent(northgate, "SITEWORK", "Sitework and utilities", [cc[0], cc[4]], pmActor, erp, days: 1);
        Sent(northgate, "GARAGE", "Parking garage", [cc[1], cc[2]], pmActor, erp, days: 0);

        var exporting = Sent(riverside, "HELIPAD", "Rooftop helipad", [cc[2]], pmActor, erp, days: 4);
        var exportingRequest = exporting.Accept("HELIPAD", approverActor, At(days: 0));
        exportingRequest.StartAttempt(Guid.CreateVersion7(_now), _now);
        exportingRequest.ScheduleRetry($"{erp.DisplayName} is temporarily unavailable (simulated outage). Try again later.", _now.AddMinutes(2));
        db.ErpRequests.Add(exportingRequest);

        var synced = new[]
        {
            Sent(riverside, "PHASE1", "Phase 1 - foundations", [cc[1]], pmActor, erp, days: 10),
            Sent(harbor, "LOBBY", "Lobby and amenity spaces", [cc[3], cc[5]], pmActor, erp, days: 9),
            Sent(northgate, "EAST", "East wing shell and core", [cc[1], cc[2]], pmActor, erp, days: 8),
        };
        foreach (var subJob in synced)
        {
            var request = subJob.Accept(subJob.Code, approverActor, At(days: 7));
            var export = request.ReadPayload();
            var recordId = await ledger.AddSubJobAsync(
                new ErpSubJob("", export.JobId, export.ErpSubJobId, export.Description, export.Reference, [.. export.CostCodes.Select(c => c.Code)]),
                At(days: 7),
                cancellationToken);
            request.StartAttempt(Guid.CreateVersion7(_now), At(days: 7));
            request.Succeed(recordId, At(days: 7));
            subJob.MarkExported(recordId, At(days: 7));
            db.ErpRequests.Add(request);
        }

        var failed = Sent(harbor, "ROOF", "Roof deck and membrane", [cc[0]], pmActor, erp, days: 5);
        var failedRequest = failed.Accept("ROOF", approverActor, At(days: 4));
        var failure = $"{erp.DisplayName} refused sub job ROOF: cost code 01-100 is closed for job HVA-1002 (simulated fault).";
        failedRequest.StartAttempt(Guid.CreateVersion7(_now), At(days: 4));
        failedRequest.Fail(failure, At(days: 4));
        failed.MarkExportFailed(failure, At(days: 4));
        db.ErpRequests.Add(failedRequest);

        var rejected = Sent(northgate, "WEST", "West wing", [cc[1]], pmActor, erp, days: 6);
        rejected.Reject("Split the west wing into shell and fit-out sub jobs, and add the steel cost code.", approverActor, At(days: 5));

        var retrieved = Sent(riverside, "PARKING", "Visitor parking lot", [cc[0], cc[4]], pmActor, erp, days: 3);
        retrieved.RetrieveFromErp(pmActor, At(days: 2));

        await db.SaveChangesAsync(cancellationToken);

        foreach (var (job, subJobId, description, codes) in new[]
        {
            ("RMC-1001", "CHILLER", "Central chiller plant", "22-100"),
            ("HVA-1002", "POOL", "Rooftop pool deck", "03-300,22-100"),
            ("NOP-1003", "LANDSCAPE", "Landscaping and hardscape", "01-100"),
        })
        {
            await ledger.AddSubJobAsync(new ErpSubJob("", job, subJobId, description, null, codes.Split(',')), At(days: 12), cancellationToken);
        }
    }

    private async Task SeedOtherBuildersAsync(CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(_now);
        var company = new Company(id, "Other Builders Inc.", _connector, ConnectionOf(OtherLedger, id));
        db.Companies.Add(company);
        await db.SaveChangesAsync(cancellationToken);
        var connector = connectors.For(company);
        var ledger = (IErpLedger)connector;

        var approver = await AddUserAsync(company, "approver@other.test", "Olive Other", PermissionLevel.Admin, approver: true, directoryAdmin: true);
        var concrete = new CostCode(Guid.CreateVersion7(_now), company.Id, "03-300", "Concrete");
        db.CostCodes.Add(concrete);
        var lodge = new Project(Guid.CreateVersion7(_now), company.Id, "2001", "Mountain Lodge", "ML-2001");
        db.Projects.Add(lodge);
        db.ProjectPermissions.Add(new ProjectPermission(lodge.Id, approver.Id, PermissionLevel.Admin));
        await ledger.AddJobAsync(new ErpJob("ML-2001", lodge.Name), cancellationToken);

        var erp = connector.Capabilities;
        var actor = approver.ToActor();
        Sent(lodge, "CABINS", "Guest cabins", [concrete], actor, erp, days: 1);
        Sent(lodge, "SPA", "Spa building", [concrete], actor, erp, days: 2);
        NotSent(lodge, "TRAILS", "Trail network", [concrete], actor, days: 1);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<User> AddUserAsync(Company company, string email, string name, PermissionLevel erpLevel, bool approver, bool directoryAdmin)
    {
        var user = new User
        {
            Id = Guid.CreateVersion7(_now),
            CompanyId = company.Id,
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            ErpIntegrationsLevel = erpLevel,
            IsDirectoryAdmin = directoryAdmin,
            SubscribeToDigest = approver,
        };
        if (approver)
        {
            user.SeedAccountingApprover();
        }

        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo user {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }

        return user;
    }

    private SubJob NotSent(Project project, string code, string description, CostCode[] costCodes, Actor by, int days)
    {
        var subJob = SubJob.Create(project, code, description, costCodes, by, At(days + 1));
        db.SubJobs.Add(subJob);
        return subJob;
    }

    private SubJob Sent(Project project, string code, string description, CostCode[] costCodes, Actor by, ErpCapabilities erp, int days)
    {
        var subJob = NotSent(project, code, description, costCodes, by, days);
        subJob.SendToErp(erp, by, At(days));
        return subJob;
    }

    private DateTime At(int days, int hours = 0) => _now.AddDays(-days).AddHours(-hours);
}
