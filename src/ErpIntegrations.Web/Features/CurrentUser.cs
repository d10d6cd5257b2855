using System.Security.Claims;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Features;

// The signed-in person, read fresh once per request so a changed privilege counts at once — and a
// deactivation too: a deactivated user's cookie is dropped and the request refused, whichever way they came in. Someone
// who signed in with a password a Directory Admin set is refused everything until they have chosen their own.
public sealed class CurrentUser(IHttpContextAccessor http, AppDbContext db)
{
    private static readonly object ActorKey = new();

    private Actor? _actor;

    // The person as sign-in already read and checked them for this request (a bearer token's owner), so that they are
    // not read again.
    internal static void Remember(HttpContext context, Actor actor) => context.Items[ActorKey] = actor;

    public async Task<Actor> GetActorAsync(CancellationToken cancellationToken = default)
    {
        if (_actor is not null)
        {
            return _actor;
        }

        if (http.HttpContext?.Items[ActorKey] is Actor remembered)
        {
            _actor = remembered;
            return _actor;
        }

        var id = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!Guid.TryParse(id, out var userId))
        {
            throw new ForbiddenException("Sign in first.");
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new ForbiddenException("Your account no longer exists.");
        if (!user.IsActive)
        {
            // The refusal below goes through the exception handler, which clears the response's headers; deleting
            // the cookie as the response starts survives that, so the browser lands on the sign-in page next time.
            var context = http.HttpContext!;
            context.Response.OnStarting(() => context.SignOutAsync(IdentityConstants.ApplicationScheme));
            throw new ForbiddenException(AppSignInManager.DeactivatedMessage);
        }

        if (user.MustChangePassword)
        {
            throw new PasswordChangeRequiredException();
        }

        _actor = user.ToActor();
        return _actor;
    }

    public async Task<PermissionLevel> ProjectLevelAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        var actor = await GetActorAsync(cancellationToken);
        return await db.ProjectPermissions
            .Where(p => p.ProjectId == projectId && p.UserId == actor.UserId)
            .Select(p => (PermissionLevel?)p.AdminToolLevel)
            .SingleOrDefaultAsync(cancellationToken) ?? PermissionLevel.None;
    }
}

internal sealed class AppClaimsPrincipalFactory(UserManager<User> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, IdentityRole<Guid>>(users, roles, options)
{
    public const string CompanyClaim = "erp:company";
    public const string NameClaim = "erp:name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CompanyClaim, user.CompanyId.ToString()));
        identity.AddClaim(new Claim(NameClaim, user.DisplayName));
        return identity;
    }
}

// Refuses sign-in to a deactivated user (SignInResult.IsNotAllowed), but only once the password has proved right: a
// wrong one counts toward lockout and is answered like anyone's. Identity's own check refuses before it looks at the
// password, which would let anyone try passwords on a deactivated account without limit.
internal sealed class AppSignInManager(
    UserManager<User> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<User> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<User>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation)
    : SignInManager<User>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public const string DeactivatedMessage = "Your account has been deactivated. Ask your company's Directory Admin if you need access again.";

    public const string PasswordChangeRequiredMessage =
        "Choose your own password first: sign in at /signin and replace the one your Directory Admin gave you. Until then, API tokens are refused.";

    // Whatever the reason — an unknown email, a wrong password, a locked account (whose password is not even checked) —
    // unless the password was right, so that the answer tells nothing about the account.
    public const string RefusedMessage = "The email or password is not correct, or the account is locked for 15 minutes after too many failed sign-ins.";

    public static string Refusal(SignInResult result) => result.IsNotAllowed ? DeactivatedMessage : RefusedMessage;

    public override async Task<SignInResult> CheckPasswordSignInAsync(User user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        return result.Succeeded && !user.IsActive ? SignInResult.NotAllowed : result;
    }
}
