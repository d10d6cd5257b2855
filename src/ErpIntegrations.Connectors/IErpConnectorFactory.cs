namespace ErpIntegrations.Connectors;

/// <summary>
/// Makes the connector of one company's ERP connection, and says which settings a company enters for it.
/// Registered as a keyed service under the connector's name.
/// </summary>
/// <remarks>
/// A company's settings are kept in two parts: the ones that are not secret, in the one text
/// <see cref="WriteConnection"/> makes (stored as is, shown back, and compared between companies so that no two share
/// one ERP's books), and the secrets, which the application stores encrypted and never shows back.
/// </remarks>
public interface IErpConnectorFactory
{
    /// <summary>The ERP's name as people know it, used in "Export to [ERP System]".</summary>
    string DisplayName { get; }

    /// <summary>The settings a company enters to connect, in the order a form shows them.</summary>
    IReadOnlyList<ErpSettingField> Settings { get; }

    /// <summary>Checks settings without contacting the ERP.</summary>
    /// <param name="settings">Values by setting name (secrets included).</param>
    /// <returns>One problem per wrong or missing setting; empty when the settings can be tried.</returns>
    IReadOnlyList<ErpSettingProblem> Validate(ErpSettingValues settings);

    /// <summary>
    /// Writes the settings that are not secret in the form stored for the company, filling in what the connector
    /// chooses itself (the Sandbox ERP: a ledger of the company's own).
    /// </summary>
    /// <param name="settings">Values by setting name; secrets are left out of the result.</param>
    /// <param name="companyId">The company that connects.</param>
    string WriteConnection(ErpSettingValues settings, Guid companyId);

    /// <summary>Reads the settings <see cref="WriteConnection"/> wrote (or a connection string a person typed in that form).</summary>
    /// <param name="connection">The stored text.</param>
    /// <exception cref="FormatException">The text is not in the connector's form.</exception>
    ErpSettingValues ReadConnection(string connection);

    /// <summary>Creates the connector for one company. Settings that cannot be used give a connector whose every call says why.</summary>
    /// <param name="settings">The company's settings, secrets included.</param>
    IErpConnector Create(ErpSettingValues settings);

    /// <summary>Prepares what the connector keeps of its own (the Sandbox ERP: its database), once at start-up.</summary>
    /// <param name="cancellationToken">Stops the preparation.</param>
    Task InitializeAsync(CancellationToken cancellationToken);
}
