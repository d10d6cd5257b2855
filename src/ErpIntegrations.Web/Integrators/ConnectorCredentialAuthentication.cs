using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Features;
using ErpIntegrations.Web.Features.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Integrators;

// The secret of a connector credential: 32 random bytes behind a marker of its own, known to the server only by its hash.
internal static class ConnectorSecret
{
    public const string Marker = "erpc_";

    public static string New() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

// Authenticates Authorization: Bearer erpc_… on the connector API as the company's integrator: a principal with the
// company and the credential, and no person, so that it passes no person's policy.
internal sealed class ConnectorCredentialAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppDbContext db,
    TimeProvider time,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ConnectorCredential";
    public const string CredentialClaim = "erp:connector-credential";
    public const string Prefix = "/api/v1/connector";

    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(ConnectorSecret.Marker, StringComparison.Ordinal) || token.Length > 200)
        {
            return AuthenticateResult.Fail("The connector API takes a connector credential (erpc_…) created on the ERP Connection page, not a person's token.");
        }

        var hash = ConnectorSecret.Hash(token);
        var found = await db.ConnectorCredentials.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Hash == hash)
            .Select(c => new { c.Id, c.CompanyId, c.RevokedAt, c.LastUsedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null || found.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("The connector credential is unknown or revoked. Create one on the ERP Connection page.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (found.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await db.ConnectorCredentials.IgnoreQueryFilters()
                .Where(c => c.Id == found.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [new Claim(AppClaimsPrincipalFactory.CompanyClaim, found.CompanyId.ToString()), new Claim(CredentialClaim, found.Id.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties) =>
        await BearerProblems.ChallengeAsync(
            Context,
            problems,
            "A valid connector credential is required.",
            (await HandleAuthenticateOnceSafeAsync()).Failure?.Message ?? "Send Authorization: Bearer <connector credential>; an ERP Integrations Admin creates one on the ERP Connection page.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => BearerProblems.ForbiddenAsync(Context, problems);
}
