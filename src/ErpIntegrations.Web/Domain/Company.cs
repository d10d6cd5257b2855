namespace ErpIntegrations.Web.Domain;

public sealed class Company
{
    private Company()
    {
    }

    public Company(Guid id, string name, string erpConnector, string erpConnection, string erpSecrets = "")
    {
        Id = id;
        Name = name;
        ErpConnector = erpConnector;
        ErpConnection = erpConnection;
        ErpSecrets = erpSecrets;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string ErpConnector { get; private set; } = "";

    // The connector's setting for this company (for the Sandbox ERP, its ledger).
    public string ErpConnection { get; private set; } = "";

    public const int MaxErpConnectionLength = 1000;

    // The connector's secret settings (a password, a key), encrypted with ASP.NET Core Data Protection by ErpSecrets;
    // empty when the connector has none. Never shown back.
    public string ErpSecrets { get; private set; } = "";

    // Bumped by every Company Directory change that could take away the last Directory Admin or the last
    // approver-granter. It is a concurrency token: of two such changes counted against the same directory at
    // the same instant, the second to save is refused, so "the last one" cannot be removed twice in a race.
    public int DirectoryVersion { get; private set; }

    public void RecordDirectoryChange() => DirectoryVersion++;

    // Points the company at another connector or connection. An export in progress carries its ERP job and
    // would land in the old ERP (or fail against the new one), so the change waits until none is running.
    // Secrets: the encrypted secret settings to keep (the same text when none was entered again). Entering only new
    // secrets for the same connection (a changed password) is allowed while exports run: it is still the same ERP.
    public void ChangeErpConnection(string connector, string connection, string secrets, int exportsInProgress, Actor by)
    {
        if (!Access.CanConfigureErpConnection(by) || by.CompanyId != Id)
        {
            throw new DomainRuleException("Only an ERP Integrations Admin can configure the company's ERP connection.");
        }

        var sameErp = connector == ErpConnector && connection == ErpConnection;
        if (sameErp && secrets == ErpSecrets)
        {
            throw new DomainRuleException("The ERP connection is already set this way; nothing was changed.");
        }

        if (!sameErp && exportsInProgress > 0)
        {
            throw new DomainRuleException(
                $"{exportsInProgress} {(exportsInProgress == 1 ? "export is" : "exports are")} in progress. Change the ERP connection once they have finished (Synced or Failed to Export).");
        }

        ErpConnector = connector;
        ErpConnection = connection;
        ErpSecrets = secrets;
    }
}
