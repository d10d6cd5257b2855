using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Exports;

/// <summary>Finds the connector of a company's ERP connection.</summary>
public sealed class ErpConnectors(IServiceProvider services)
{
    public IErpConnector For(Company company)
    {
        var factory = services.GetKeyedService<IErpConnectorFactory>(company.ErpConnector)
            ?? throw new DomainRuleException($"{company.Name} is connected to \"{company.ErpConnector}\", which this installation does not provide.");
        return factory.Create(company.ErpConnection);
    }
}
