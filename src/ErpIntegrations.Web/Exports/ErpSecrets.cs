using System.Security.Cryptography;
using System.Text.Json;
using ErpIntegrations.Connectors;
using Microsoft.AspNetCore.DataProtection;

namespace ErpIntegrations.Web.Exports;

// A company's secret connector settings, encrypted at rest with ASP.NET Core Data Protection (the keys the cookies use,
// under the data directory). The purpose names the company, so one company's stored secrets cannot be pasted into
// another's row and read there.
public sealed class ErpSecrets(IDataProtectionProvider protection, ILogger<ErpSecrets> logger)
{
    private const string Purpose = "ErpIntegrations.ErpSecrets.v1";

    // "" when there are no secrets, so that a connector without any stores nothing.
    public string Protect(ErpSettingValues secrets, Guid companyId) =>
        secrets.Count == 0 ? "" : Protector(companyId).Protect(JsonSerializer.Serialize(secrets.ToDictionary(p => p.Key, p => p.Value)));

    // Secrets that can no longer be read (the keys were lost) read as none: the connector then asks for them again.
    public ErpSettingValues Unprotect(string stored, Guid companyId)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return ErpSettingValues.Empty;
        }

        try
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string>>(Protector(companyId).Unprotect(stored)) ?? [];
            return new ErpSettingValues(values.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            logger.LogWarning("The stored ERP secrets of company {CompanyId} cannot be decrypted ({Reason}); enter them again on the ERP Connection page.", companyId, ex.GetType().Name);
            return ErpSettingValues.Empty;
        }
    }

    private IDataProtector Protector(Guid companyId) => protection.CreateProtector(Purpose, companyId.ToString("N"));
}
