using System.Net;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Api;

/// <summary>Shortcuts for the administration endpoints' tests: one call per endpoint, and the database as another company can't see it.</summary>
internal static class AdminApiKit
{
    public sealed record Call(HttpMethod Method, string Path, object? Body = null)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    public static Task<HttpResponseMessage> SendAsync(this ApiClient api, Call call) =>
        call.Method == HttpMethod.Get ? api.GetAsync(call.Path)
        : call.Method == HttpMethod.Delete ? api.Client.DeleteAsync(call.Path)
        : api.SendJsonAsync(call.Method, call.Path, call.Body ?? new { });

    /// <summary>Every call answers this problem status.</summary>
    public static async Task ShouldAllAnswerAsync(this ApiClient api, HttpStatusCode status, IEnumerable<Call> calls)
    {
        foreach (var call in calls)
        {
            var response = await api.SendAsync(call);
            response.StatusCode.ShouldBe(status, $"{call}: {await response.Content.ReadAsStringAsync()}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", call.ToString());
        }
    }

    public static Task<Project> ProjectAsync(this AppFactory app, Guid id) =>
        app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == id));

    public static Task<List<CostCode>> AllCostCodesAsync(this AppFactory app) =>
        app.WithDbAsync(Guid.Empty, db => db.CostCodes.IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.Id).ToListAsync());

    /// <summary>The company's people, read as the whole database holds them (the other tests on a shared app add their own).</summary>
    public static Task<List<User>> UsersOfAsync(this AppFactory app, TestCompany company) =>
        app.WithDbAsync(Guid.Empty, db => db.Users.AsNoTracking().Where(u => u.CompanyId == company.Id).OrderBy(u => u.Id).ToListAsync());

    public static Task<List<Project>> ProjectsOfAsync(this AppFactory app, TestCompany company) =>
        app.WithDbAsync(Guid.Empty, db => db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => p.CompanyId == company.Id).OrderBy(p => p.Id).ToListAsync());

    public static Task<PermissionLevel?> ProjectLevelAsync(this AppFactory app, Guid userId, Guid projectId) =>
        app.WithDbAsync(Guid.Empty, db => db.ProjectPermissions.IgnoreQueryFilters()
            .Where(p => p.UserId == userId && p.ProjectId == projectId)
            .Select(p => (PermissionLevel?)p.AdminToolLevel)
            .SingleOrDefaultAsync());

    public static Task<List<string>> OutboxRecipientsAsync(this AppFactory app) =>
        app.WithDbAsync(Guid.Empty, db => db.OutboxEmails.IgnoreQueryFilters().AsNoTracking().Select(e => e.ToAddress).ToListAsync());

    public static Task<List<string>> OutboxRecipientsAsync(this AppFactory app, TestCompany company) =>
        app.WithDbAsync(Guid.Empty, db => db.OutboxEmails.IgnoreQueryFilters().AsNoTracking().Where(e => e.CompanyId == company.Id).Select(e => e.ToAddress).ToListAsync());
}
