using System.Net;
using System.Security.Claims;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features;
using ErpIntegrations.Web.Features.ErpConnection;
using ErpIntegrations.Web.Features.ErpSubJobs;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Features.ErpSubJobs;

/// <summary>
/// Where an export goes is settled at Accept: a change of the company's ERP connection or of the project's ERP job that
/// commits while an Accept is in flight cannot redirect it, and a connection a company has used is never another's.
/// </summary>
public sealed class ErpTargetTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private AppFactory App => shared.App;

    [Fact]
    public async Task Accept_WhoseCompanyChangedItsErpConnectionAfterTheChecks_IsRefused_AndNothingIsExported()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var id = await company.SubJobAsync(riverside, code: "BLDGA");
        await using var inFlight = await ApproverScopeAsync(company);
        // The approver's Accept has read the company's connection and checked the ERP Job ID against it.
        await inFlight.ServiceProvider.GetRequiredService<CurrentErp>().ConnectorAsync();

        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        await (await admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "sandbox", settings = new { ledger = $"moved-{company.Id:N}" } }))
            .JsonAsync(HttpStatusCode.OK);

        var refusal = await Should.ThrowAsync<DomainRuleException>(() =>
            inFlight.ServiceProvider.GetRequiredService<Accept.Handler>().HandleAsync(new Accept.Command(id, "BLDGA"), CancellationToken.None));

        refusal.Message.ShouldBe(ErpTarget.ConnectionChanged);
        (await App.SubJobAsync(id)).State.ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Accept_WhoseProjectWasUnlinkedAfterTheChecks_IsRefused_AndNothingIsExported()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var id = await company.SubJobAsync(riverside, code: "BLDGA");
        await using var inFlight = await ApproverScopeAsync(company);
        // The approver's Accept has read the sub job under its project, linked to RMC-1001.
        var db = inFlight.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Projects.SingleAsync(p => p.Id == riverside.Id)).ErpJobId.ShouldBe("RMC-1001");

        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        await (await admin.Client.DeleteAsync($"/api/v1/projects/{riverside.Id}/erp-job")).JsonAsync(HttpStatusCode.OK);

        var refusal = await Should.ThrowAsync<DomainRuleException>(() =>
            inFlight.ServiceProvider.GetRequiredService<Accept.Handler>().HandleAsync(new Accept.Command(id, "BLDGA"), CancellationToken.None));

        refusal.Message.ShouldStartWith("Project 1001 was linked to another ERP job, or unlinked, while this was being done; nothing was exported.");
        (await App.SubJobAsync(id)).State.ShouldBe(SubJobState.ReadyToExport);
        (await App.RequestsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ConnectionChange_WaitsForAnAcceptInFlight_AndThenIsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var id = await company.SubJobAsync(riverside, code: "BLDGA");
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        await using var inFlight = await ApproverScopeAsync(company);

        var change = await AcceptHeldOpenWhileAsync(inFlight, id, () =>
            admin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "sandbox", settings = new { ledger = $"moved-{company.Id:N}" } }));

        var problem = await change.ProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().ShouldStartWith("1 export is in progress.");
        (await App.WithDbAsync(company.Id, d => d.Companies.SingleAsync(c => c.Id == company.Id))).ErpConnection.ShouldBe(company.Ledger);
        (await App.RequestsAsync(id)).ShouldHaveSingleItem().Status.ShouldBe(ErpRequestStatus.InProgress);
    }

    [Fact]
    public async Task ProjectUnlink_WaitsForAnAcceptInFlight_AndThenIsRefused()
    {
        var company = await shared.NewCompanyAsync();
        var riverside = await company.ProjectAsync("1001", erpJobId: "RMC-1001");
        var id = await company.SubJobAsync(riverside, code: "BLDGA");
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        await using var inFlight = await ApproverScopeAsync(company);

        var unlink = await AcceptHeldOpenWhileAsync(inFlight, id, () => admin.Client.DeleteAsync($"/api/v1/projects/{riverside.Id}/erp-job"));

        var problem = await unlink.ProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().ShouldStartWith("Project 1001 cannot be unlinked: 1 of its sub jobs is synced to, exporting to or Failed to Export to ERP job RMC-1001.");
        (await App.WithDbAsync(company.Id, d => d.Projects.SingleAsync(p => p.Id == riverside.Id))).ErpJobId.ShouldBe("RMC-1001");
    }

    [Fact]
    public async Task ALedgerACompanyHasLeft_IsNeverHandedToAnotherCompany_ButTheCompanyMayReturnToIt()
    {
        var first = await shared.NewCompanyAsync();
        var second = await shared.NewCompanyAsync();
        var firstAdmin = await ApiClient.ForAsync(App, first.Admin.Email);
        var secondAdmin = await ApiClient.ForAsync(App, second.Admin.Email);
        var left = first.Ledger;
        await (await firstAdmin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "sandbox", settings = new { ledger = $"next-{first.Id:N}" } }))
            .JsonAsync(HttpStatusCode.OK);

        var taken = await secondAdmin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "sandbox", settings = new { ledger = left } });

        var problem = await taken.ProblemAsync(HttpStatusCode.BadRequest, "settings");
        problem.GetProperty("errors").GetProperty("settings")[0].GetString().ShouldBe(ConnectionSettings.ClaimedElsewhere);
        (await App.WithDbAsync(second.Id, d => d.Companies.SingleAsync(c => c.Id == second.Id))).ErpConnection.ShouldBe(second.Ledger);
        await (await firstAdmin.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "sandbox", settings = new { ledger = left } }))
            .JsonAsync(HttpStatusCode.OK);
        var claims = await App.WithDbAsync(Guid.Empty, d => d.ErpConnectionClaims.Where(c => c.CompanyId == first.Id).Select(c => c.Connection).ToListAsync());
        claims.ShouldBe([left, $"next-{first.Id:N}"], ignoreOrder: true);
    }

    // Runs an Accept up to its commit in the scope's own transaction (as the Accept handler does), starts the change while
    // it is open, checks that the change waits for it, then commits the Accept and answers the change's response.
    private async Task<HttpResponseMessage> AcceptHeldOpenWhileAsync(AsyncServiceScope scope, Guid subJobId, Func<Task<HttpResponseMessage>> change)
    {
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actor = await scope.ServiceProvider.GetRequiredService<CurrentUser>().GetActorAsync();
        var company = await scope.ServiceProvider.GetRequiredService<CurrentErp>().CompanyAsync();
        var subJob = await db.SubJobs.Include(s => s.Project).SingleAsync(s => s.Id == subJobId);
        var transaction = await db.Database.BeginTransactionAsync();
        await ErpTarget.HoldAsync(db, company, subJob.Project, CancellationToken.None);
        db.ErpRequests.Add(subJob.Accept("BLDGA", actor, App.Now));
        await db.SaveChangesAsync();

        var changing = Task.Run(change);
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        changing.IsCompleted.ShouldBeFalse("the change must wait for the Accept in flight");
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        return await changing.WaitAsync(TimeSpan.FromSeconds(30));
    }

    // A scope as the approver's request would have: signed in, the company's database.
    private async Task<AsyncServiceScope> ApproverScopeAsync(TestCompany company)
    {
        var scope = App.ScopeFor(company.Id, out _);
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, company.Approver.Id.ToString())], "Test"));
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = user, RequestServices = scope.ServiceProvider };
        // Read now, once: the person is kept for the scope, as for a request.
        await scope.ServiceProvider.GetRequiredService<CurrentUser>().GetActorAsync();
        return scope;
    }
}
