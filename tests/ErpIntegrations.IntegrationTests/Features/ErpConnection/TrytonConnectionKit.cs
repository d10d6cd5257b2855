using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Exports;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Features.ErpConnection;

/// <summary>
/// A company connected to Tryton at an address where nothing listens: the connector is made without a server, and every
/// call to Tryton fails as an unreachable server does (connection refused on the loopback discard port).
/// </summary>
internal static class TrytonConnectionKit
{
    public const string UnreachableUrl = "http://127.0.0.1:9/";

    /// <summary>A password no page or answer may ever show: the company's own, so that a leak names its test.</summary>
    public static string Password(this TestCompany company) => $"Pw-{company.Id:N}-Secret!";

    /// <summary>The database is the company's own: two companies may not share one Tryton's books.</summary>
    public static string Database(this TestCompany company) => $"erp_{company.Id.ToString("N")[^10..]}";

    public static Dictionary<string, string?> TrytonSettings(this TestCompany company, string url = UnreachableUrl, string? password = null) => new()
    {
        ["url"] = url,
        ["database"] = company.Database(),
        ["username"] = "accountant",
        ["password"] = password ?? company.Password(),
    };

    /// <summary>The form fields the Tryton form of the ERP Connection page posts.</summary>
    public static List<KeyValuePair<string, string>> TrytonForm(this TestCompany company, string url = UnreachableUrl, string? password = null) =>
        [new("Connector", "Tryton"), .. company.TrytonSettings(url, password).Select(p => new KeyValuePair<string, string>($"Settings[{p.Key}]", p.Value ?? ""))];

    public static async Task ConnectToUnreachableTrytonAsync(this TestCompany company)
    {
        var api = await ApiClient.ForAsync(company.App, company.Admin.Email);
        await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/erp/connection", new { connector = "tryton", settings = company.TrytonSettings() })).JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The company's stored secrets, decrypted as the app reads them.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> StoredSecretsAsync(this TestCompany company)
    {
        var stored = await company.App.CompanyAsync(company.Name);
        return company.App.Services.GetRequiredService<ErpSecrets>().Unprotect(stored.ErpSecrets, company.Id);
    }
}
