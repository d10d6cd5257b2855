using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Exports;

// Section Erp: what holds for every company's ERP. The connectors' own options are its subsections (Erp:Sandbox, Erp:Tryton).
public sealed class ErpOptions
{
    public const string Section = "Erp";

    // The connector a new company is connected to, by the name it is registered under (any case).
    public string DefaultConnector { get; set; } = "";
}

internal sealed class ErpOptionsRules(ErpConnectorCatalog catalog) : IValidateOptions<ErpOptions>
{
    public ValidateOptionsResult Validate(string? name, ErpOptions options) =>
        catalog.Names.Any(n => string.Equals(n, options.DefaultConnector.Trim(), StringComparison.OrdinalIgnoreCase))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Erp:DefaultConnector \"{options.DefaultConnector}\" names no connector this installation provides; use one of: {string.Join(", ", catalog.Names)}.");
}
