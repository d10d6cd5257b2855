using System.Collections.Concurrent;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features;

// The signed-in person's company, its ERP connection and that connection's connector, each resolved at its first
// use in a request and kept for the rest of it: a use case and the page or endpoint around it read the company
// and build the connector once between them. The workers serve every company and ask ErpConnectors.
public sealed class CurrentErp(AppDbContext db, CurrentUser currentUser, ErpConnectors connectors, CompanyCache cache)
{
    // Compiled once for each database's context (a compiled query keeps the statement of the first it ran on): a list
    // page reads the company for its connector's proposals on every request.
    private static readonly ConcurrentDictionary<Type, Func<AppDbContext, Guid, CancellationToken, Task<Company>>> CompanyById = new();

    private Company? _company;
    private IErpConnector? _connector;
    private IErpConnector? _shown;

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

    // The connector for what a list shows beside its rows (proposals, the ERP an export waits for), built from the
    // company as this instance read it within CompanyCache.Lifetime when this request has not read it: never for a
    // decision, which takes ConnectorAsync.
    public async Task<IErpConnector> ShownConnectorAsync(CancellationToken cancellationToken = default)
    {
        if (_connector is not null || _company is not null)
        {
            return await ConnectorAsync(cancellationToken);
        }

        var actor = await currentUser.GetActorAsync(cancellationToken);
        var (cached, evictions) = cache.Find(actor.CompanyId);
        if (cached is null)
        {
            cached = await LoadAsync(cancellationToken);
            cache.Add(cached, evictions);
            return await ConnectorAsync(cancellationToken);
        }

        return _shown ??= connectors.For(cached);
    }

    // The company's connection was changed in this request: what comes after it reads the new one.
    public void Forget()
    {
        _company = null;
        _connector = null;
        _shown = null;
    }

    private async Task<Company> LoadAsync(CancellationToken cancellationToken)
    {
        if (_company is null)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var byId = CompanyById.GetOrAdd(db.GetType(), _ =>
                EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken cancellationToken) => db.Companies.AsNoTracking().Single(c => c.Id == id)));
            _company = await byId(db, actor.CompanyId, cancellationToken);
        }

        return _company;
    }
}

// Connection: the connector's setting for the company (for the Sandbox ERP, its ledger).
public sealed record ConnectedCompany(Guid Id, string Name, string Connector, string Connection);
