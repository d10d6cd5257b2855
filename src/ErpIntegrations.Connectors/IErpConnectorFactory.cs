namespace ErpIntegrations.Connectors;

/// <summary>Makes the connector of one company's ERP connection. Registered as a keyed service under the connector's name.</summary>
public interface IErpConnectorFactory
{
    /// <summary>Creates the connector for one company.</summary>
    /// <param name="connection">The company's connection setting for this connector (for the Sandbox ERP, its ledger).</param>
    IErpConnector Create(string connection);
}
