using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Features.Account;

public sealed class SignInLimitOptions
{
    public const string Section = "SignIn";

    // Posts of the forms that take a password (/signin, /set-password, /setup) one client address may make per window.
    [Range(1, int.MaxValue, ErrorMessage = "SignIn:AddressPermitLimit must be at least 1.")]
    public int AddressPermitLimit { get; set; } = 30;

    // Posts of those forms for one account (the email typed, or the person setting their password) per window.
    [Range(1, int.MaxValue, ErrorMessage = "SignIn:AccountPermitLimit must be at least 1.")]
    public int AccountPermitLimit { get; set; } = 10;

    [Range(1, 31_536_000, ErrorMessage = "SignIn:WindowSeconds must be at least 1 (and at most a year).")]
    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}

// Rate limits on the forms that take a password, per client address and per account, with ASP.NET Core's rate limiter
// (a global limiter: the two limits chained, every other request passing untouched). Lockout bounds the guesses at one
// account's password; these bound how fast anyone can go at many accounts, or at one account's set-password form.
internal static class SignInRateLimits
{
    private static readonly string[] Forms = ["/signin", "/set-password", "/setup"];

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<SignInLimitOptions>().Bind(config.GetSection(SignInLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(http => AppliesTo(http)
                ? Window(http, $"address:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}", limits => limits.AddressPermitLimit)
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<HttpContext, string>(http => AppliesTo(http) && AccountOf(http) is { } account
                ? Window(http, $"account:{account}", limits => limits.AccountPermitLimit)
                : RateLimitPartition.GetNoLimiter(""))));
        return services;
    }

    // Before the rate limiter: it partitions synchronously, so the form it keys on (the email typed) is read here.
    public static IApplicationBuilder UseSignInFormsRead(this IApplicationBuilder app) =>
        app.UseWhen(AppliesTo, forms => forms.Use(async (http, next) =>
        {
            if (http.Request.HasFormContentType)
            {
                try
                {
                    await http.Request.ReadFormAsync(http.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    // An unreadable form is refused by the page itself; the limit then counts the address alone.
                }
            }

            await next(http);
        }));

    // A refused page post: the 429 page (Account/Error) says what happened and how long to wait.
    public static void Refuse(HttpContext http, TimeSpan? retryAfter) =>
        http.Items[ProblemExceptionHandler.ErrorMessageKey] = retryAfter is { } wait
            ? $"Too many attempts from your address or for this account in a short time. Wait {Waiting(wait)}, then try again."
            : "Too many attempts from your address or for this account in a short time. Wait a minute, then try again.";

    private static bool AppliesTo(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && Forms.Any(form => http.Request.Path.StartsWithSegments(form, StringComparison.OrdinalIgnoreCase, out var rest) && rest.Value is "" or "/" or null);

    // The email typed (sign-in, setup), or else the person whose password is set: the link's user or the one signed in.
    private static string? AccountOf(HttpContext http)
    {
        var form = http.Features.Get<IFormFeature>()?.Form;
        if (form?["Email"].ToString().Trim() is { Length: > 0 } email)
        {
            return email.ToUpperInvariant();
        }

        var user = form?["user"].ToString() is { Length: > 0 } posted ? posted : http.Request.Query["user"].ToString();
        if (user.Length == 0)
        {
            user = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        }

        return user.Length == 0 ? null : $"user:{user.ToUpperInvariant()}";
    }

    private static RateLimitPartition<string> Window(HttpContext http, string key, Func<SignInLimitOptions, int> permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ =>
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<SignInLimitOptions>>().Value;
            return new FixedWindowRateLimiterOptions { PermitLimit = permits(limits), Window = limits.Window, QueueLimit = 0 };
        });

    private static string Waiting(TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return seconds switch
        {
            <= 1 => "a second",
            < 120 => $"{seconds.ToString(CultureInfo.InvariantCulture)} seconds",
            _ => $"{Math.Ceiling(seconds / 60.0).ToString(CultureInfo.InvariantCulture)} minutes",
        };
    }
}
