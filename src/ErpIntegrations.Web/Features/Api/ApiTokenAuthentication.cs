using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Features.Api;

// The secret of a personal access token: 32 random bytes, known to the server only by its SHA-256 hash.
internal static class TokenSecret
{
    private const string Marker = "erp_";

    public static string New() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string Prefix(string token) => token[..ApiToken.PrefixLength];
}

// Authenticates Authorization: Bearer <token> as the token's owner with the same claims a
// cookie sign-in carries, so the company filter and CurrentUser work unchanged.
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppDbContext db,
    SignInManager<User> signIn,
    TimeProvider time,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string TokenIdClaim = "erp:token";

    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[(SchemeName.Length + 1)..].Trim();
        if (token.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("The bearer token is missing or malformed.");
        }

        var hash = TokenSecret.Hash(token);
        var now = time.GetUtcNow().UtcDateTime;

        // Tokens are looked up before anyone's company is known, so across all companies by their hash.
        var found = await db.ApiTokens.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.Hash == hash)
            .Select(t => new { t.Id, t.UserId, t.RevokedAt, t.ExpiresAt, t.LastUsedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null || found.RevokedAt is not null || found.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail("The token is unknown, revoked or expired. Create a new one with POST /api/v1/tokens.");
        }

        var user = await signIn.UserManager.FindByIdAsync(found.UserId.ToString());
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("The token's account is locked or no longer exists.");
        }

        if (!user.IsActive)
        {
            return AuthenticateResult.Fail(AppSignInManager.DeactivatedMessage);
        }

        if (user.MustChangePassword)
        {
            return AuthenticateResult.Fail(AppSignInManager.PasswordChangeRequiredMessage);
        }

        if (found.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await db.ApiTokens.IgnoreQueryFilters()
                .Where(t => t.Id == found.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName);
        identity.AddClaim(new Claim(TokenIdClaim, found.Id.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "A valid personal access token is required.",
                Detail = result.Failure?.Message ?? "Send Authorization: Bearer <token>; POST /api/v1/tokens with your email and password issues one.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "You do not have permission to do this." },
        });
    }
}
