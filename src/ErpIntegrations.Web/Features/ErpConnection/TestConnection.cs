using System.Text.Json;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpConnection;

// Connects with settings without saving them and says what the ERP answered: the settings entered (a secret left empty
// is the one stored for the same connector), or the company's stored settings when none are entered.
internal static class TestConnection
{
    // JobCount: the jobs the ERP lists, when it was reached.
    internal sealed record Result(bool Succeeded, string Message, int? JobCount);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, ErpConnectors connectors, ErpSecrets secrets)
    {
        public async Task<Result> HandleAsync(ChangeConnection.Command command, CancellationToken cancellationToken)
        {
            var erp = await ConnectorAsync(command, cancellationToken);
            try
            {
                var test = await erp.TestConnectionAsync(cancellationToken);
                return new Result(test.Succeeded, test.Message, test.JobCount);
            }
            catch (ErpException ex)
            {
                return new Result(false, ex.Message, null);
            }
        }

        private async Task<IErpConnector> ConnectorAsync(ChangeConnection.Command command, CancellationToken cancellationToken)
        {
            var current = await currentErp.CompanyAsync(cancellationToken);
            var storedOnes = command.Settings is null && command.Connection is null
                && (command.Connector is null || connectors.Find(command.Connector)?.Name == current.Connector);
            if (storedOnes)
            {
                return await currentErp.ConnectorAsync(cancellationToken);
            }

            var actor = await currentUser.GetActorAsync(cancellationToken);
            var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
            var entered = ConnectionSettings.Read(connectors, company, command with { Connector = command.Connector ?? company.ErpConnector }, secrets);
            var connection = entered.Connector.Factory.WriteConnection(entered.Values, company.Id);
            await entered.RefuseAnotherCompanysAsync(db, company.Id, connection, cancellationToken);
            entered.Errors.ThrowIfAny();
            return entered.Create(connection);
        }
    }

    // Connector, Settings, Connection: as PUT /api/v1/erp/connection takes them; all left out, the stored settings.
    internal sealed record Body(string? Connector, Dictionary<string, JsonElement>? Settings, string? Connection);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/connection/test", async (Body? body, Handler test, CancellationToken cancellationToken) =>
                await test.HandleAsync(new ChangeConnection.Command(body?.Connector, ChangeConnection.Texts(body?.Settings), body?.Connection), cancellationToken))
            .WithName("TestErpConnection")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("ERP connection")
            .WithSummary("Connect with the settings given (or the stored ones) and say what the ERP answered; nothing is saved. Needs an ERP Integrations Admin.")
            .WithDescription("Takes the body PUT /api/v1/erp/connection takes; a secret left out is the one stored for the same connector, and an empty body tests the stored settings. "
                + "Answers 200 whether or not the ERP was reached: succeeded, the connector's message (what it found, or exactly what failed) and the number of jobs.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
