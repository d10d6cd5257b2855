using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Integrators;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpConnection;

// Connector credentials: the integrator's tokens for the connector API, created (shown once), listed and revoked by an
// ERP Integrations Admin. Only a company whose ERP is written by an integrator has them.
internal static class ConnectorCredentials
{
    internal sealed record Row(Guid Id, string Name, string Prefix, string CreatedBy, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    // Token: shown this once, since only its hash is kept.
    internal sealed record Created(Guid Id, string Name, string Prefix, string Token, DateTime CreatedAt);

    internal sealed record ListResult(IReadOnlyList<Row> Items);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, TimeProvider time)
    {
        public async Task<Created> CreateAsync(string? name, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            await RequireIntegratorAsync(currentErp, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var trimmed = name?.Trim() ?? "";
            var errors = new InputErrors();
            errors.Text("Name", trimmed, "the credential's name", ConnectorCredential.MaxNameLength, required: false);
            errors.ThrowIfAny();
            trimmed = trimmed.Length == 0 ? $"Credential of {now:yyyy-MM-dd HH:mm} UTC" : trimmed;
            var token = ConnectorSecret.New();
            var credential = new ConnectorCredential(Guid.CreateVersion7(now), actor.CompanyId, trimmed, token[..ConnectorCredential.PrefixLength], ConnectorSecret.Hash(token), actor, now);
            db.ConnectorCredentials.Add(credential);
            await db.SaveChangesAsync(cancellationToken);
            return new Created(credential.Id, credential.Name, credential.Prefix, token, now);
        }

        // Choosing an integrator's connector gives the company its first credential: created when none is active.
        public async Task<Created?> CreateFirstAsync(CancellationToken cancellationToken)
        {
            if (await currentErp.ConnectorAsync(cancellationToken) is not IErpIntegrator
                || await db.ConnectorCredentials.AnyAsync(c => c.RevokedAt == null, cancellationToken))
            {
                return null;
            }

            return await CreateAsync("First credential", cancellationToken);
        }

        public async Task<ListResult> ListAsync(CancellationToken cancellationToken) =>
            new(await db.ConnectorCredentials.AsNoTracking()
                .OrderByDescending(c => c.CreatedAt)
                .Select(c => new Row(c.Id, c.Name, c.Prefix, c.CreatedByName, c.CreatedAt, c.LastUsedAt, c.RevokedAt))
                .ToListAsync(cancellationToken));

        public async Task<string> RevokeAsync(Guid id, CancellationToken cancellationToken)
        {
            var credential = await db.ConnectorCredentials.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
                ?? throw new NotFoundException("The connector credential");
            credential.Revoke(time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return credential.Name;
        }
    }

    public static async Task RequireIntegratorAsync(CurrentErp currentErp, CancellationToken cancellationToken)
    {
        if (await currentErp.ConnectorAsync(cancellationToken) is not IErpIntegrator)
        {
            throw new DomainRuleException("The company's ERP is not written through an integrator: choose the External connector first.");
        }
    }

    // Name: optional, to tell credentials apart (e.g. the agent's host).
    internal sealed record Body(string? Name);

    internal static void MapEndpoints(RouteGroupBuilder api)
    {
        api.MapPost("/erp/connection/credentials", async (Body? body, Handler handler, CancellationToken cancellationToken) =>
            {
                var created = await handler.CreateAsync(body?.Name, cancellationToken);
                return TypedResults.Created($"/api/v1/erp/connection/credentials/{created.Id}", created);
            })
            .WithName("CreateConnectorCredential")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("ERP connection")
            .WithSummary("Create a connector credential: the integrator's token for /api/v1/connector/… only. The token is shown this once. Needs an ERP Integrations Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/erp/connection/credentials", (Handler handler, CancellationToken cancellationToken) => handler.ListAsync(cancellationToken))
            .WithName("ListConnectorCredentials")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("ERP connection")
            .WithSummary("The company's connector credentials (never their tokens), newest first. Needs an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapDelete("/erp/connection/credentials/{id:guid}", async (Guid id, Handler handler, CancellationToken cancellationToken) =>
            {
                await handler.RevokeAsync(id, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("RevokeConnectorCredential")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("ERP connection")
            .WithSummary("Revoke a connector credential; it stops working at once. Needs an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
