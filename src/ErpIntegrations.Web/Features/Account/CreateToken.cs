using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Features.Api;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Features.Account;

// Issues a personal access token for the JSON API to a client that proves the password (counted toward lockout as a
// sign-in is), on the API or, signed in, on the profile's tokens page.
public static class CreateToken
{
    public const int MaxCredentialLength = 256;

    public sealed record Command(string? Email, string? Password, string? Name);

    // Token: shown this once, since only its hash is kept.
    public sealed record Result(Guid Id, string Name, string Token, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt);

    public static string ValidName(string? name, DateTime now)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length > ApiToken.MaxNameLength)
        {
            throw new InputException(nameof(Command.Name), $"Keep the token's name to at most {ApiToken.MaxNameLength} characters.");
        }

        var errors = new InputErrors();
        errors.Plain(nameof(Command.Name), trimmed, "the token's name");
        errors.ThrowIfAny();

        return trimmed.Length == 0 ? $"Token of {now:yyyy-MM-dd HH:mm} UTC" : trimmed;
    }

    internal sealed class Handler(AppDbContext db, SignInManager<User> signIn, CurrentUser currentUser, IOptions<ApiTokenOptions> options, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(command.Email))
            {
                errors[nameof(Command.Email)] = ["Enter your email."];
            }
            else if (command.Email.Length > MaxCredentialLength)
            {
                errors[nameof(Command.Email)] = [$"The email can be at most {MaxCredentialLength} characters."];
            }

            if (string.IsNullOrEmpty(command.Password))
            {
                errors[nameof(Command.Password)] = ["Enter your password."];
            }
            else if (command.Password.Length > MaxCredentialLength)
            {
                errors[nameof(Command.Password)] = [$"The password can be at most {MaxCredentialLength} characters."];
            }

            if (errors.Count > 0)
            {
                throw new InputException(errors);
            }

            var name = ValidName(command.Name, time.GetUtcNow().UtcDateTime);
            var user = await signIn.UserManager.FindByEmailAsync(command.Email!.Trim())
                ?? throw new UnauthorizedException(AppSignInManager.RefusedMessage);
            var check = await signIn.CheckPasswordSignInAsync(user, command.Password!, lockoutOnFailure: true);
            if (!check.Succeeded)
            {
                throw new UnauthorizedException(AppSignInManager.Refusal(check));
            }

            if (user.MustChangePassword)
            {
                throw new UnauthorizedException(AppSignInManager.PasswordChangeRequiredMessage);
            }

            return await IssueAsync(user.Id, user.CompanyId, name, cancellationToken);
        }

        // A token outlives the page it was made on, so the person proves the password again, as at sign-in: a browser
        // left signed in does not hand out access that survives signing out.
        public async Task<Result> HandleForCurrentUserAsync(string? name, string? password, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var validName = ValidName(name, time.GetUtcNow().UtcDateTime);
            if (string.IsNullOrEmpty(password))
            {
                throw new InputException(nameof(Command.Password), "Enter your password to create a token.");
            }

            var user = await signIn.UserManager.FindByIdAsync(actor.UserId.ToString()) ?? throw new ForbiddenException("Your account no longer exists.");
            var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
            if (!check.Succeeded)
            {
                throw new InputException(nameof(Command.Password), check.IsLockedOut
                    ? "Your account is locked for 15 minutes after too many wrong passwords. Try again later."
                    : "The password is not correct.");
            }

            return await IssueAsync(actor.UserId, actor.CompanyId, validName, cancellationToken);
        }

        private async Task<Result> IssueAsync(Guid userId, Guid companyId, string name, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var secret = TokenSecret.New();
            var token = new ApiToken(
                Guid.CreateVersion7(time.GetUtcNow()),
                companyId,
                userId,
                name,
                TokenSecret.Prefix(secret),
                TokenSecret.Hash(secret),
                now,
                now + options.Value.Lifetime);
            db.ApiTokens.Add(token);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(token.Id, token.Name, secret, token.Prefix, token.CreatedAt, token.ExpiresAt);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/tokens", async (Command? command, Handler handler, CancellationToken cancellationToken) =>
            {
                var issued = await handler.HandleAsync(command ?? new Command(null, null, null), cancellationToken);
                return TypedResults.Created($"{ApiSetup.Prefix}/tokens/{issued.Id}", issued);
            })
            .AllowAnonymous()
            .RequireRateLimiting(ApiSetup.TokensRateLimit)
            .WithName("CreateToken")
            .WithTags("Tokens")
            .WithSummary("Get a personal access token with your email and password.")
            .WithDescription("The token is shown once; only its hash is stored. Wrong credentials count toward the account's lockout. Rate-limited per client address. "
                + "Refused while the password is one a Directory Admin set, until its owner has chosen their own at sign-in; setting or resetting a password revokes every token of its owner.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
