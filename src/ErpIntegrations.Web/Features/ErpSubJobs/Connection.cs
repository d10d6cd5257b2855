using System.Text.Json.Serialization;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Features.ErpConnection;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

public static class Connection
{
    // DisplayName: the ERP's name, as in "Export to [ERP System]". Settings (the values that are not secret) and
    // SecretsSet (the names of the secret settings that have a value) only for those who may configure the connection.
    public sealed record Result(
        string Connector,
        string DisplayName,
        bool SupportsSubJobs,
        int MaxCodeLength,
        int MaxDescriptionLength,
        bool CanListSubJobs,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Settings = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SecretsSet = null);

    internal sealed class Handler(CurrentUser currentUser, CurrentErp currentErp, ErpConnectors connectors)
    {
        public async Task<Result> HandleAsync(CancellationToken cancellationToken)
        {
            var company = await currentErp.CompanyAsync(cancellationToken);
            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            var result = new Result(company.Connector, erp.DisplayName, erp.SupportsSubJobs, erp.MaxCodeLength, erp.MaxDescriptionLength, erp.CanListSubJobs);
            if (!Access.CanConfigureErpConnection(await currentUser.GetActorAsync(cancellationToken)))
            {
                return result;
            }

            var factory = connectors.Find(company.Connector)!.Value.Factory;
            var settings = await currentErp.SettingsAsync(cancellationToken);
            return result with { Settings = ConnectorSettings.Shown(factory, settings), SecretsSet = ConnectorSettings.SecretsSet(factory, settings) };
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/connection", (Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(cancellationToken))
            .WithName("GetErpConnection")
            .RequireAuthorization(Permissions.SignedIn)
            .WithTags("ERP Integrations")
            .WithSummary("The connected ERP's name and capabilities (supports sub jobs, length limits, can list its sub jobs); for an ERP Integrations Admin also its settings.")
            .WithDescription("settings (the values that are not secret) and secretsSet (the names of the secret settings that have a value; a secret is never returned) are present only for an ERP Integrations Admin.");
}
