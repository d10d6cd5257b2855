using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Exports;

namespace ErpIntegrations.Web.Features.ErpConnection;

internal static class Show
{
    internal sealed record Result(
        string Connector,
        string Connection,
        ErpCapabilities Capabilities,
        bool HasLedger,
        int ExportsInProgress,
        IReadOnlyList<ConnectorOption> Connectors,
        IReadOnlyList<ErpJob> Jobs);

    internal sealed record ConnectorOption(string Name, string DisplayName);

    internal sealed class Handler(AppDbContext db, CurrentErp currentErp, ErpConnectors connectors)
    {
        public async Task<Result> HandleAsync(CancellationToken cancellationToken)
        {
            var company = await currentErp.CompanyAsync(cancellationToken);
            var erp = await currentErp.ConnectorAsync(cancellationToken);
            return new Result(
                company.Connector,
                company.Connection,
                erp.Capabilities,
                erp is IErpLedger,
                await ConnectionAdmin.ExportsInProgressAsync(db, cancellationToken),
                [.. connectors.Available().Select(c => new ConnectorOption(c.Name, c.Factory.DisplayName))],
                await erp.ListJobsAsync(cancellationToken));
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/connection/settings", (Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(cancellationToken))
            .WithName("GetErpConnectionSettings")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("ERP connection")
            .WithSummary("The company's connector, its setting and capabilities, the connectors this installation provides, exports in progress and the ERP's jobs. Needs an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
