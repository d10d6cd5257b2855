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

    public string ErpConnection { get; private set; } = "";
}
