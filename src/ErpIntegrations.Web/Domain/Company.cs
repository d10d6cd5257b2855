namespace ErpIntegrations.Web.Domain;

public sealed class Company
{
    private Company()
    {
    }

    public Company(Guid id, string name, string erpConnector, string erpConnection)
    {
        Id = id;
        Name = name;
        ErpConnector = erpConnector;
        ErpConnection = erpConnection;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string ErpConnector { get; private set; } = "";

    // The connector's setting for this company (for the Sandbox ERP, its ledger).
    public string ErpConnection { get; private set; } = "";

    // Bumped by every Company Directory change that could take away the last Directory Admin or the last
    // approver-granter. It is a concurrency token: of two such changes counted against the same directory at
    // the same instant, the second to save is refused, so "the last one" cannot be removed twice in a race.
    public int DirectoryVersion { get; private set; }

    public void RecordDirectoryChange() => DirectoryVersion++;

    // A ledger of its own in the Sandbox ERP, named after the company so that no two companies share one.
    public static string FreshSandboxLedger(Guid companyId) => $"company-{companyId:N}";

    // Points the company at another connector or connection. An export in progress carries its ERP job and
    // would land in the old ERP (or fail against the new one), so the change waits until none is running.
    public void ChangeErpConnection(string connector, string connection, int exportsInProgress, Actor by)
    {
        if (!Access.CanConfigureErpConnection(by) || by.CompanyId != Id)
        {
            throw new DomainRuleException("Only an ERP Integrations Admin can configure the company's ERP connection.");
        }

        if (connector == ErpConnector && connection == ErpConnection)
        {
            throw new DomainRuleException("The ERP connection is already set this way; nothing was changed.");
        }

        if (exportsInProgress > 0)
        {
            throw new DomainRuleException(
                $"{exportsInProgress} {(exportsInProgress == 1 ? "export is" : "exports are")} in progress. Change the ERP connection once they have finished (Synced or Failed to Export).");
        }

        ErpConnector = connector;
        ErpConnection = connection;
    }
}
