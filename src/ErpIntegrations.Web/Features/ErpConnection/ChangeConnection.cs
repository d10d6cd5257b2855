using ErpIntegrations.Connectors.Sandbox;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpConnection;

// Chooses the company's connector and its setting; refused while exports are in progress.
internal static class ChangeConnection
{
    internal sealed record Command(string? Connector, string? Connection);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, ErpConnectors connectors)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            // Loaded for the change itself: CurrentErp's copy is read-only.
            var company = await db.Companies.SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
            var errors = new InputErrors();
            var connector = command.Connector?.Trim() ?? "";
            var available = connectors.Available();
            if (available.All(c => c.Name != connector))
            {
                errors.Add("Connector", $"Choose one of the connectors this installation provides: {string.Join(", ", available.Select(c => c.Name))}.");
            }

            var connection = errors.Text("Connection", command.Connection, "the connection setting", 500, required: false);
            if (connection.Length == 0)
            {
                if (connector == SandboxErpServiceCollectionExtensions.ConnectorName)
                {
                    connection = Company.FreshSandboxLedger(company.Id);
                }
                else
                {
                    errors.Add("Connection", "Enter the connection setting for this ERP.");
                }
            }

            // A connection is one company's: another company's ledger would show and take its jobs and sub jobs.
            if (connection.Length > 0 && await db.Companies.AnyAsync(c => c.Id != company.Id && c.ErpConnector == connector && c.ErpConnection == connection, cancellationToken))
            {
                errors.Add("Connection", "Another company uses this connection setting. Each company connects to its own ERP data; enter its own setting, or leave it empty for a fresh Sandbox ERP ledger.");
            }

            errors.ThrowIfAny();
            company.ChangeErpConnection(connector, connection, await ConnectionAdmin.ExportsInProgressAsync(db, cancellationToken), actor);
            await db.SaveChangesAsync(cancellationToken);
            currentErp.Forget();
            return $"{company.Name} is now connected to {(await currentErp.CapabilitiesAsync(cancellationToken)).DisplayName} ({connection}).";
        }
    }

    // Connector: one of those GET /api/v1/erp/connection/settings lists, e.g. "sandbox". Connection: the connector's
    // setting; for the Sandbox ERP, left out means a fresh ledger.
    internal sealed record Body(string? Connector, string? Connection);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPut("/erp/connection", async (Body? body, Handler change, Show.Handler show, CancellationToken cancellationToken) =>
            {
                await change.HandleAsync(new Command(body?.Connector, body?.Connection), cancellationToken);
                return await show.HandleAsync(cancellationToken);
            })
            .WithName("ChangeErpConnection")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("ERP connection")
            .WithSummary("Choose the company's connector and its setting; refused while exports are in progress. Needs an ERP Integrations Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
