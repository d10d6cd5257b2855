using System.Buffers.Text;
using System.Security.Cryptography;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Features.ErpSubJobs;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpConnection;

// Generates a new webhook signing secret for the company's integrator connector: stored encrypted with the other ERP
// secrets (it must sign, so it cannot be hashed), shown this once; the one before stops signing at once.
internal static class RotateWebhookSecret
{
    public const string SecretSetting = "webhookSecret";

    internal sealed record Result(string Secret);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, ErpSecrets secrets)
    {
        public async Task<Result> HandleAsync(CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            await ConnectorCredentials.RequireIntegratorAsync(currentErp, cancellationToken);
            // Held first, so that a connection change saved meanwhile is read here rather than overwritten.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ErpTarget.LockCompanyAsync(db, actor.CompanyId, cancellationToken);
            var company = await db.Companies.SingleAsync(c => c.Id == actor.CompanyId, cancellationToken);
            var secret = "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            var stored = secrets.Unprotect(company.ErpSecrets, company.Id).With([new(SecretSetting, secret)]);
            company.ChangeErpConnection(company.ErpConnector, company.ErpConnection, secrets.Protect(stored, company.Id), 0, actor);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            currentErp.Forget();
            return new Result(secret);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/connection/webhook-secret", (Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(cancellationToken))
            .WithName("RotateWebhookSecret")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("ERP connection")
            .WithSummary("Generate a new webhook signing secret (shown this once; the previous one stops signing at once). Needs an ERP Integrations Admin.")
            .WithDescription("Webhooks carry X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" with this secret>.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
