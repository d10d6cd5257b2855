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
// cookie sign-in carries, so the company filter and CurrentUser work unchanged. The sign-in manager (and the user
// manager behind it) is resolved only when a token is read, not for every request the cache answers.
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppDbContext db,
    ApiPrincipalCache cache,
    TimeProvider time,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string TokenIdClaim = "erp:token";

    private const string UnknownToken = "The token is unknown, revoked or expired. Create a new one with POST /api/v1/tokens.";

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
        var entry = cache.Find(hash) ?? await SignInAsync(hash, now);
        if (entry is null)
        {
            return AuthenticateResult.Fail(_failure!);
        }

        if (entry.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail(UnknownToken);
        }

        if (entry.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await db.ApiTokens.IgnoreQueryFilters()
                .Where(t => t.Id == entry.TokenId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
            entry.LastUsedAt = now;
        }

        // CurrentUser takes the person from here rather than reading them again.
        CurrentUser.Remember(Context, entry.Actor);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(entry.Claims, SchemeName)), SchemeName));
    }

    private string? _failure;

    // The token and its owner read and checked, and cached for ApiPrincipalCache.Lifetime; null
    // with _failure set when refused.
    private async Task<ApiPrincipalCache.Entry?> SignInAsync(string hash, DateTime now)
    {
        var tokenGeneration = cache.TokenGeneration(hash);

        // Tokens are looked up before anyone's company is known, so across all companies by their hash.
        var found = await db.ApiTokens.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.Hash == hash)
            .Select(t => new { t.Id, t.UserId, t.RevokedAt, t.ExpiresAt, t.LastUsedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null || found.RevokedAt is not null || found.ExpiresAt <= now)
        {
            // Nothing is cached for it: its generation goes too, so that made-up tokens leave nothing behind.
            cache.EvictToken(hash);
            _failure = UnknownToken;
            return null;
        }

        var userGeneration = cache.UserGeneration(found.UserId);
        var signIn = Context.RequestServices.GetRequiredService<SignInManager<User>>();
        var user = await signIn.UserManager.FindByIdAsync(found.UserId.ToString());
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            _failure = "The token's account is locked or no longer exists.";
            return null;
        }

        if (!user.IsActive)
        {
            _failure = AppSignInManager.DeactivatedMessage;
            return null;
        }

        if (user.MustChangePassword)
        {
            _failure = AppSignInManager.PasswordChangeRequiredMessage;
            return null;
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        var entry = new ApiPrincipalCache.Entry(
            found.Id,
            user.Id,
            found.ExpiresAt,
            [.. principal.Claims, new Claim(TokenIdClaim, found.Id.ToString())],
            user.ToActor(),
            now)
        {
            LastUsedAt = found.LastUsedAt,
        };
        cache.Add(hash, entry, tokenGeneration, userGeneration);
        return entry;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties) =>
        await BearerProblems.ChallengeAsync(
            Context,
            problems,
            "A valid personal access token is required.",
            (await HandleAuthenticateOnceSafeAsync()).Failure?.Message ?? "Send Authorization: Bearer <token>; POST /api/v1/tokens with your email and password issues one.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => BearerProblems.ForbiddenAsync(Context, problems);
}

// The problem details a bearer scheme answers with: 401 with WWW-Authenticate, or 403.
internal static class BearerProblems
{
    public static async Task ChallengeAsync(HttpContext context, IProblemDetailsService problems, string title, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = title, Detail = detail },
        });
    }

    public static async Task ForbiddenAsync(HttpContext context, IProblemDetailsService problems)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "You do not have permission to do this." },
        });
    }
}
