using System.Text.Json;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Features.ErpSubJobs;
using ErpIntegrations.Web.Integrators;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpConnection;

// Chooses the company's connector and its settings; refused while exports are in progress, unless only secrets change.
internal static class ChangeConnection
{
    // Settings: values by the connector's setting names; a secret left empty keeps the one stored for the same connector.
    // Connection: the older form, one text in the connector's own connection form (the Sandbox ERP: its ledger).
    internal sealed record Command(string? Connector, IReadOnlyDictionary<string, string?>? Settings, string? Connection = null);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, ErpConnectors connectors, ErpSecrets secrets, CallbackUrls callbackUrls, TimeProvider time)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            // Loaded for the change itself: CurrentErp's copy is read-only.
            var company = await db.Companies.SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
            var entered = ConnectionSettings.Read(connectors, company, command, secrets);
            var (name, factory) = entered.Connector;
            var connection = factory.WriteConnection(entered.Values, company.Id);
            var errors = entered.Errors;
            if (connection.Length > Company.MaxErpConnectionLength)
            {
                errors.Add(entered.Key("Settings"), $"The settings are too long together: at most {Company.MaxErpConnectionLength} characters, without secrets.");
            }

            await entered.RefuseAnotherCompanysAsync(db, company.Id, connection, cancellationToken);
            await callbackUrls.CheckAsync(entered, cancellationToken);
            errors.ThrowIfAny();

            // Checked, with no call out (the webhook address's look-up) left to make: an Accept in flight holds this row
            // until it has committed its export, which the count of exports in progress below must then see (ErpTarget).
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ErpTarget.LockCompanyAsync(db, actor.CompanyId, cancellationToken);
            await db.Entry(company).ReloadAsync(cancellationToken);
            var secretValues = entered.Secrets;
            var storedSecrets = secrets.Unprotect(company.ErpSecrets, company.Id);
            var sameSecrets = name == company.ErpConnector && secretValues.Count == storedSecrets.Count && secretValues.All(p => storedSecrets[p.Key] == p.Value);
            var now = time.GetUtcNow().UtcDateTime;
            await ConnectionSettings.ClaimAsync(db, company.ErpConnector, company.ErpConnection, company.Id, now, cancellationToken);
            await ConnectionSettings.ClaimAsync(db, name, connection, company.Id, now, cancellationToken);
            // An integrator's credentials serve the connector they were made for: another connector ends them.
            if (name != company.ErpConnector)
            {
                foreach (var credential in await db.ConnectorCredentials.Where(c => c.CompanyId == company.Id && c.RevokedAt == null).ToListAsync(cancellationToken))
                {
                    credential.Revoke(now);
                }
            }

            company.ChangeErpConnection(
                name,
                connection,
                sameSecrets ? company.ErpSecrets : secrets.Protect(secretValues, company.Id),
                await ConnectionAdmin.ExportsInProgressAsync(db, cancellationToken),
                actor);
            // Another company took the same connection at the same moment: its claim came first.
            await db.SaveChangesOrExplainAsync(
                async () => await ConnectionSettings.ClaimedByAnotherAsync(db, name, connection, company.Id, cancellationToken)
                    ? new InputException(entered.Key("Settings"), ConnectionSettings.ClaimedElsewhere)
                    : null,
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            currentErp.Forget();
            return $"{company.Name} is now connected to {factory.DisplayName} ({ConnectorSettings.Describe(factory, factory.ReadConnection(connection).With(secretValues))}).";
        }
    }

    // Connector: one of those GET /api/v1/erp/connection/settings lists, e.g. "tryton" (any case). Settings: the
    // connector's settings by name. Connection: instead of settings, the connector's connection text (for the Sandbox
    // ERP, the ledger; left out, a fresh one).
    // A setting may be sent as a JSON string, number or boolean ("erpJobIdMaxLength": 10); it is read as its text.
    internal sealed record Body(string? Connector, Dictionary<string, JsonElement>? Settings, string? Connection);

    internal static IReadOnlyDictionary<string, string?>? Texts(Dictionary<string, JsonElement>? settings) =>
        settings?.ToDictionary(
            p => p.Key,
            p => p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                _ => throw new InputException($"settings.{p.Key}", "Send the setting as text, a number or true/false."),
            });

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPut("/erp/connection", async (Body? body, Handler change, Show.Handler show, ConnectorCredentials.Handler credentials, CancellationToken cancellationToken) =>
            {
                await change.HandleAsync(new Command(body?.Connector, Texts(body?.Settings), body?.Connection), cancellationToken);
                var created = await credentials.CreateFirstAsync(cancellationToken);
                return await show.HandleAsync(cancellationToken) with { NewCredential = created };
            })
            .WithName("ChangeErpConnection")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("ERP connection")
            .WithSummary("Choose the company's connector and its settings; refused while exports are in progress (a new secret alone is not). Needs an ERP Integrations Admin.")
            .WithDescription("Secrets (a password) are write-only: never returned, stored encrypted; left out, the one stored for the same connector is kept. "
                + "Choosing a connector written by an integrator (External) without an active connector credential creates one: newCredential, its token shown this once.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
}

// Settings a person entered for a connector, checked without contacting the ERP, with the stored secrets filled in
// where a secret was left empty for the connector the company already uses. Also what Test connection tries.
internal sealed record ConnectionSettings(
    (string Name, IErpConnectorFactory Factory) Connector,
    ErpSettingValues Values,
    InputErrors Errors,
    bool AsConnectionText)
{
    // The field an error is reported on: the setting's own, or Connection when the settings came as one text.
    public string Key(string setting) => AsConnectionText ? "Connection" : setting == "Settings" ? "Settings" : $"settings.{setting}";

    // The values of the connector's secret settings (entered, or kept from the stored ones).
    public ErpSettingValues Secrets => Values.Only(Connector.Factory.Settings.Where(f => f.IsSecret).Select(f => f.Name));

    // The connector these settings make once saved: the connection WriteConnection made of them, with the secrets.
    public IErpConnector Create(string connection) => Connector.Factory.Create(Connector.Factory.ReadConnection(connection).With(Secrets));

    // A connection is one company's: another company's ledger would show and take its jobs and sub jobs. It stays so after
    // that company has moved on (ErpConnectionClaim): its ERP data is still its own.
    public async Task RefuseAnotherCompanysAsync(AppDbContext db, Guid companyId, string connection, CancellationToken cancellationToken)
    {
        if (Errors.Any)
        {
            return;
        }

        if (await db.Companies.AnyAsync(c => c.Id != companyId && c.ErpConnector == Connector.Name && c.ErpConnection == connection, cancellationToken))
        {
            Errors.Add(Key("Settings"), "Another company uses this connection setting. Each company connects to its own ERP data; enter its own settings.");
        }
        else if (await ClaimedByAnotherAsync(db, Connector.Name, connection, companyId, cancellationToken))
        {
            Errors.Add(Key("Settings"), ClaimedElsewhere);
        }
    }

    public const string ClaimedElsewhere =
        "Another company has used this connection setting before, and its ERP data stays its own. Enter settings of this company's own.";

    public static Task<bool> ClaimedByAnotherAsync(AppDbContext db, string connector, string connection, Guid companyId, CancellationToken cancellationToken) =>
        db.ErpConnectionClaims.AnyAsync(c => c.Connector == connector && c.Connection == connection && c.CompanyId != companyId, cancellationToken);

    // Records that the company has used this connection (once; the company's own claims are kept for good).
    public static async Task ClaimAsync(AppDbContext db, string connector, string connection, Guid companyId, DateTime now, CancellationToken cancellationToken)
    {
        if (!await db.ErpConnectionClaims.AnyAsync(c => c.Connector == connector && c.Connection == connection, cancellationToken)
            && !db.ErpConnectionClaims.Local.Any(c => c.Connector == connector && c.Connection == connection))
        {
            db.ErpConnectionClaims.Add(new ErpConnectionClaim(connector, connection, companyId, now));
        }
    }

    public static ConnectionSettings Read(ErpConnectors connectors, Company company, ChangeConnection.Command command, ErpSecrets secrets)
    {
        var errors = new InputErrors();
        if (connectors.Find(command.Connector ?? "") is not { } connector)
        {
            var available = connectors.Available();
            errors.Add("Connector", $"Choose one of the connectors this installation provides: {string.Join(", ", available.Select(c => c.Name))}.");
            errors.ThrowIfAny();
            throw new InvalidOperationException();
        }

        var factory = connector.Factory;
        var asText = command.Settings is null;
        string Key(string setting) => asText ? "Connection" : $"settings.{setting}";
        ErpSettingValues values;
        if (command.Settings is not null)
        {
            values = new ErpSettingValues(command.Settings);
            if (command.Settings.Keys.FirstOrDefault(k => factory.Settings.All(f => !string.Equals(f.Name, k, StringComparison.OrdinalIgnoreCase))) is { } unknown)
            {
                errors.Add(Key(unknown), $"{factory.DisplayName} has no setting \"{unknown}\"; it takes {string.Join(", ", factory.Settings.Select(f => f.Name))}.");
            }
        }
        else
        {
            try
            {
                values = factory.ReadConnection(errors.Text("Connection", command.Connection, "the connection setting", Company.MaxErpConnectionLength, required: false));
            }
            catch (FormatException ex)
            {
                errors.Add("Connection", ex.Message);
                values = ErpSettingValues.Empty;
            }
        }

        var sameConnector = connector.Name == company.ErpConnector;
        var stored = sameConnector ? secrets.Unprotect(company.ErpSecrets, company.Id) : ErpSettingValues.Empty;
        var kept = new List<KeyValuePair<string, string>>();
        foreach (var field in factory.Settings)
        {
            var value = values[field.Name];
            if (field.IsSecret)
            {
                kept.Add(new(field.Name, value.Length == 0 ? stored[field.Name] : value));
                if (value.Length > field.MaxLength)
                {
                    errors.Add(Key(field.Name), $"{field.Label} can be at most {field.MaxLength} characters.");
                }
            }
            else
            {
                kept.Add(new(field.Name, errors.Text(Key(field.Name), value, field.Label.ToLowerInvariant(), field.MaxLength, required: false)));
            }
        }

        var checkedValues = new ErpSettingValues(kept.Where(p => p.Value.Length > 0).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        foreach (var problem in factory.Validate(checkedValues))
        {
            errors.Add(Key(problem.Name), problem.Message);
        }

        return new ConnectionSettings(connector, checkedValues, errors, asText);
    }
}

// The addresses a connector's settings make ERP Integrations call (webhooks), refused when they reach private networks or
// ERP Integrations itself: a server-side request forgery guard, applied when the settings are saved.
internal sealed class CallbackUrls(IOptions<WebhookOptions> options, IHttpContextAccessor http, IConfiguration config)
{
    public async Task CheckAsync(ConnectionSettings entered, CancellationToken cancellationToken)
    {
        foreach (var field in entered.Connector.Factory.Settings.Where(f => f.Kind == ErpSettingKind.CallbackUrl))
        {
            if (entered.Values[field.Name] is { Length: > 0 } value && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url)
                && await WebhookAddressGuard.CheckAsync(url, options.Value.AllowPrivateNetworks, Self(), cancellationToken) is { } refused)
            {
                entered.Errors.Add(entered.Key(field.Name), refused);
            }
        }
    }

    private IEnumerable<Uri> Self()
    {
        if (http.HttpContext?.Request is { } request && Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var reached))
        {
            yield return reached;
        }

        if (Uri.TryCreate(config["App:PublicBaseUrl"], UriKind.Absolute, out var published))
        {
            yield return published;
        }
    }
}
