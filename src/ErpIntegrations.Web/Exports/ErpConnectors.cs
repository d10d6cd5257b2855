using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Exports;

public sealed class ErpConnectors(IServiceProvider services, ErpConnectorCatalog catalog)
{
    public IErpConnector For(Company company)
    {
        var factory = services.GetKeyedService<IErpConnectorFactory>(company.ErpConnector)
            ?? throw new DomainRuleException($"{company.Name} is connected to \"{company.ErpConnector}\", which this installation does not provide.");
        return factory.Create(company.ErpConnection);
    }

    public IReadOnlyList<(string Name, ErpCapabilities Capabilities)> Available() =>
        [.. catalog.Names.Select(name => (name, services.GetRequiredKeyedService<IErpConnectorFactory>(name).Create("").Capabilities))];
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
