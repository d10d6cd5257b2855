using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Infrastructure;

/// <summary>Shortcuts over the demo company for tests that need sub jobs in a given state.</summary>
public static class DemoData
{
    public const string Demo = "Demo Construction Co.";
    public const string Other = "Other Builders Inc.";

    public static async Task<(Company Company, Actor Approver, Actor ProjectAdmin)> DemoAsync(this AppFactory app)
    {
        var company = await app.CompanyAsync(Demo);
        var approver = (await app.UserAsync("approver@demo.test")).ToActor();
        var pm = (await app.UserAsync("pm@demo.test")).ToActor();
        return (company, approver, pm);
    }

    /// <summary>Creates and sends new sub jobs on the demo's Riverside project (linked to RMC-1001).</summary>
    public static async Task<IReadOnlyList<Guid>> SendNewSubJobsAsync(this AppFactory app, int count, string prefix = "T")
    {
        var (company, _, pm) = await app.DemoAsync();
        await using var scope = app.ScopeFor(company.Id, out var db);
        var erp = scope.ServiceProvider.GetRequiredService<ErpConnectors>().For(company).Capabilities;
        var project = await db.Projects.SingleAsync(p => p.Number == "1001");
        var costCode = await db.CostCodes.OrderBy(c => c.Code).FirstAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var subJob = SubJob.Create(project, $"{prefix}{i:D4}", $"Test sub job {i}", [costCode], pm, app.Now);
            subJob.SendToErp(erp, pm, app.Now);
            db.SubJobs.Add(subJob);
            ids.Add(subJob.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    public static async Task AcceptAsync(this AppFactory app, IEnumerable<Guid> subJobIds)
    {
        var (company, approver, _) = await app.DemoAsync();
        await using var scope = app.ScopeFor(company.Id, out var db);
        var ids = subJobIds.ToList();
        var subJobs = await db.SubJobs.Include(s => s.Project).Include(s => s.CostCodes).Where(s => ids.Contains(s.Id)).ToListAsync();
        foreach (var subJob in subJobs)
        {
            db.ErpRequests.Add(subJob.Accept(subJob.Code, approver, app.Now));
        }

        await db.SaveChangesAsync();
    }

    public static async Task<Guid> AcceptNewSubJobAsync(this AppFactory app, string code = "NEW")
    {
        var ids = await app.SendNewSubJobsAsync(1, code);
        await app.AcceptAsync(ids);
        return ids[0];
    }

    /// <summary>Creates, sends and accepts new sub jobs on Other Builders' Mountain Lodge project (linked to ML-2001).</summary>
    public static async Task<IReadOnlyList<Guid>> AcceptNewSubJobsAtOtherAsync(this AppFactory app, int count, string prefix)
    {
        var company = await app.CompanyAsync(Other);
        var approver = (await app.UserAsync("approver@other.test")).ToActor();
        await using var scope = app.ScopeFor(company.Id, out var db);
        var erp = scope.ServiceProvider.GetRequiredService<ErpConnectors>().For(company).Capabilities;
        var project = await db.Projects.SingleAsync(p => p.Number == "2001");
        var costCode = await db.CostCodes.SingleAsync(c => c.Code == "03-300");
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var subJob = SubJob.Create(project, $"{prefix}{i:D4}", $"Other sub job {i}", [costCode], approver, app.Now);
            subJob.SendToErp(erp, approver, app.Now);
            db.SubJobs.Add(subJob);
            db.ErpRequests.Add(subJob.Accept(subJob.Code, approver, app.Now));
            ids.Add(subJob.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    public static async Task<SubJob> SubJobAsync(this AppFactory app, Guid id) =>
        await app.WithDbAsync(Guid.Empty, db => db.SubJobs.IgnoreQueryFilters().AsNoTracking()
            .Include(s => s.Project).Include(s => s.History).Include(s => s.CostCodes)
            .SingleAsync(s => s.Id == id));

    public static async Task<List<ErpRequest>> RequestsAsync(this AppFactory app, Guid subJobId) =>
        await app.WithDbAsync(Guid.Empty, db => db.ErpRequests.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.SubJobId == subJobId).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync());

    public static Task<int> ErpCopiesAsync(this AppFactory app, string job, string erpJobId) =>
        app.SandboxStore.CountSubJobsAsync(DemoSeeder.DemoLedger, job, erpJobId);
}
