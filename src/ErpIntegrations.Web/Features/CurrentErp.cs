using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features;

// The signed-in person's company, its ERP connection and that connection's connector, each resolved at its first
// use in a request and kept for the rest of it: a use case and the page or endpoint around it read the company
// and build the connector once between them. The workers serve every company and ask ErpConnectors.
public sealed class CurrentErp(AppDbContext db, CurrentUser currentUser, ErpConnectors connectors)
{
    private Company? _company;
    private IErpConnector? _connector;

    public async Task<ConnectedCompany> CompanyAsync(CancellationToken cancellationToken = default)
    {
        var company = await LoadAsync(cancellationToken);
        return new ConnectedCompany(company.Id, company.Name, company.ErpConnector, company.ErpConnection);
    }

    // Built only when asked for, so a request that needs just the company's name still answers when the company
    // names a connector this installation no longer provides.
    public async Task<IErpConnector> ConnectorAsync(CancellationToken cancellationToken = default) =>
        _connector ??= connectors.For(await LoadAsync(cancellationToken));

    // The stand-in for the ERP's own screens when the connector offers one (the Sandbox ERP's ledger); null for a real ERP.
    public async Task<IErpLedger?> LedgerAsync(CancellationToken cancellationToken = default) =>
        await ConnectorAsync(cancellationToken) as IErpLedger;
    // The company's settings with its secrets decrypted: to build a connector or to say which secrets are set, never
    // to show or log as they are.
    public async Task<ErpSettingValues> SettingsAsync(CancellationToken cancellationToken = default) =>
        connectors.SettingsOf(await LoadAsync(cancellationToken));

    public async Task<ErpCapabilities> CapabilitiesAsync(CancellationToken cancellationToken = default) =>
        (await ConnectorAsync(cancellationToken)).Capabilities;

    // The company's connection was changed in this request: what comes after it reads the new one.
    public void Forget()
    {
        _company = null;
        _connector = null;
    }

    private async Task<Company> LoadAsync(CancellationToken cancellationToken)
    {
        if (_company is null)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            _company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
        }

        return _company;
    }
}

// Connection: the connector's setting for the company (for the Sandbox ERP, its ledger).
public sealed record ConnectedCompany(Guid Id, string Name, string Connector, string Connection);
