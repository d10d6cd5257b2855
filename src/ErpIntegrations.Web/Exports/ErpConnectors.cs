using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Domain;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Exports;

// The connectors this installation provides, and the one a company's settings make.
public sealed class ErpConnectors(IServiceProvider services, ErpConnectorCatalog catalog, ErpSecrets secrets, IOptions<ErpOptions> options, ILogger<ErpConnectors> logger)
{
    public IErpConnector For(Company company) => FactoryOf(company).Create(SettingsOf(company));

    // The stand-in for the ERP's own screens when the company's connector offers one (the Sandbox ERP's ledger); null
    // for a real ERP, where people work in the ERP itself.
    public IErpLedger? LedgerOf(Company company) => For(company) as IErpLedger;

    // The connector new companies get (Erp:DefaultConnector, checked at start-up).
    public (string Name, IErpConnectorFactory Factory) Default =>
        Find(options.Value.DefaultConnector)
            ?? throw new InvalidOperationException($"Erp:DefaultConnector \"{options.Value.DefaultConnector}\" names no connector this installation provides.");

    // A new company's connection: the default connector, with what it chooses itself when nothing was entered (the
    // Sandbox ERP: a fresh ledger of the company's own; a real ERP: settings still to be entered).
    public (string Connector, string Connection) FreshConnection(Guid companyId)
    {
        var (name, factory) = Default;
        return (name, factory.WriteConnection(ErpSettingValues.Empty, companyId));
    }

    // The company's settings as its connector reads them: the stored connection with the secrets decrypted.
    public ErpSettingValues SettingsOf(Company company)
    {
        var factory = FactoryOf(company);
        ErpSettingValues connection;
        try
        {
            connection = factory.ReadConnection(company.ErpConnection);
        }
        catch (FormatException ex)
        {
            // Only a connection written by hand into the database gets here: every change is read back before it is saved.
            logger.LogWarning("The stored {Connector} connection of company {CompanyId} cannot be read: {Problem}", company.ErpConnector, company.Id, ex.Message);
            connection = ErpSettingValues.Empty;
        }

        return connection.With(secrets.Unprotect(company.ErpSecrets, company.Id));
    }

    // Name: as registered or in any case ("tryton" finds "Tryton"); null when this installation has no such connector.
    public (string Name, IErpConnectorFactory Factory)? Find(string name) =>
        catalog.Names.FirstOrDefault(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase)) is { } registered
            ? (registered, services.GetRequiredKeyedService<IErpConnectorFactory>(registered))
            : null;

    public IReadOnlyList<(string Name, IErpConnectorFactory Factory)> Available() =>
        [.. catalog.Names.Select(name => (name, services.GetRequiredKeyedService<IErpConnectorFactory>(name)))];

    // Prepares what each connector keeps of its own (the Sandbox ERP's database), once at start-up.
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, factory) in Available())
        {
            await factory.InitializeAsync(cancellationToken);
        }
    }

    private IErpConnectorFactory FactoryOf(Company company) =>
        services.GetKeyedService<IErpConnectorFactory>(company.ErpConnector)
            ?? throw new DomainRuleException($"{company.Name} is connected to \"{company.ErpConnector}\", which this installation does not provide.");
}

// The names connectors are registered under. The container cannot list the keys of keyed services, so they are
// read from the service collection once it is complete (at first use, after the app is built).
public sealed class ErpConnectorCatalog(IServiceCollection services)
{
    private readonly Lazy<IReadOnlyList<string>> _names = new(() =>
        [.. services.Where(d => d.IsKeyedService && d.ServiceType == typeof(IErpConnectorFactory) && d.ServiceKey is string)
            .Select(d => (string)d.ServiceKey!)
            .Distinct()
            .Order()]);

    public IReadOnlyList<string> Names => _names.Value;
}
