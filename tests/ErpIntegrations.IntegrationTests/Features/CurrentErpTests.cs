using System.Security.Claims;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Features;

public sealed class CurrentErpTests
{
    [Fact]
    public async Task TheCompanyAndItsConnector_AreResolvedOncePerRequest_AndAgainOnlyAfterForget()
    {
        await using var app = new AppFactory();
        var approver = await app.UserAsync("approver@demo.test");
        await using var scope = app.ScopeFor(approver.CompanyId, out var db);
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, approver.Id.ToString())], "Test")),
        };
        var erp = scope.ServiceProvider.GetRequiredService<CurrentErp>();

        var company = await erp.CompanyAsync();
        var connector = await erp.ConnectorAsync();
        company.Name.ShouldBe("Demo Construction Co.");
        company.Connector.ShouldBe("Sandbox");
        (await erp.LedgerAsync()).ShouldBeSameAs(connector);

        // Changed behind its back: only a fresh read would see it.
        await db.Companies.Where(c => c.Id == approver.CompanyId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ErpConnection, "elsewhere"));
        (await erp.CompanyAsync()).ShouldBe(company);
        (await erp.ConnectorAsync()).ShouldBeSameAs(connector);

        erp.Forget();
        (await erp.CompanyAsync()).Connection.ShouldBe("elsewhere");
        (await erp.ConnectorAsync()).ShouldNotBeSameAs(connector);
    }
}
