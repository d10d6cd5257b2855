namespace ErpIntegrations.Web.Domain;

// An ERP connection (a connector's connection text: for the Sandbox ERP, its ledger) that a company has used. It stays
// that company's after the company moves on, so that its ERP data is never handed to another company.
public sealed class ErpConnectionClaim
{
    private ErpConnectionClaim()
    {
    }

    public ErpConnectionClaim(string connector, string connection, Guid companyId, DateTime now)
    {
        Connector = connector;
        Connection = connection;
        CompanyId = companyId;
        ClaimedAt = now;
    }

    public string Connector { get; private set; } = "";

    public string Connection { get; private set; } = "";

    public Guid CompanyId { get; private set; }

    public DateTime ClaimedAt { get; private set; }
}
