using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Exports;

namespace ErpIntegrations.Web.Features.ErpConnection;

internal static class Show
{
    // Settings: the current connector's values that are not secret; SecretsSet: the names of its secrets that have a
    // value (never the values). JobsProblem: what the ERP answered when its jobs could not be listed (Jobs is then empty).
    internal sealed record Result(
        string Connector,
        string Connection,
        ErpCapabilities Capabilities,
        bool HasLedger,
        int ExportsInProgress,
        IReadOnlyList<ConnectorOption> Connectors,
        IReadOnlyList<ErpJob> Jobs,
        IReadOnlyDictionary<string, string> Settings,
        IReadOnlyList<string> SecretsSet,
        string? JobsProblem,
        bool IsIntegrator = false,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] ConnectorCredentials.Created? NewCredential = null);

    // Fields: the settings a company enters for the connector, in the order its form shows them.
    internal sealed record ConnectorOption(string Name, string DisplayName, IReadOnlyList<ConnectorSettings.Field> Fields);

    internal sealed class Handler(AppDbContext db, CurrentErp currentErp, ErpConnectors connectors)
    {
        public async Task<Result> HandleAsync(CancellationToken cancellationToken)
        {
            var company = await currentErp.CompanyAsync(cancellationToken);
            var erp = await currentErp.ConnectorAsync(cancellationToken);
            var factory = connectors.Find(company.Connector)!.Value.Factory;
            var settings = await currentErp.SettingsAsync(cancellationToken);
            IReadOnlyList<ErpJob> jobs = [];
            string? jobsProblem = null;
            try
            {
                jobs = await erp.ListJobsAsync(cancellationToken);
            }
            catch (ErpException ex)
            {
                jobsProblem = ex.Message;
            }

            return new Result(
                company.Connector,
                company.Connection,
                erp.Capabilities,
                erp is IErpLedger,
                await ConnectionAdmin.ExportsInProgressAsync(db, cancellationToken),
                [.. connectors.Available().Select(c => new ConnectorOption(c.Name, c.Factory.DisplayName, ConnectorSettings.Fields(c.Factory)))],
                jobs,
                ConnectorSettings.Shown(factory, settings),
                ConnectorSettings.SecretsSet(factory, settings),
                jobsProblem,
                erp is IErpIntegrator);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/connection/settings", (Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(cancellationToken))
            .WithName("GetErpConnectionSettings")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("ERP connection")
            .WithSummary("The company's connector, its settings (secrets only as set or not) and capabilities, the connectors this installation provides with their settings' fields, exports in progress and the ERP's jobs. Needs an ERP Integrations Admin.")
            .WithDescription("settings: the values that are not secret; secretsSet: which secret settings have a value (a secret is never returned). jobsProblem: what the ERP answered when its jobs could not be listed (jobs is then empty).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
