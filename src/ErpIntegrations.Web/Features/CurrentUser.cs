using System.Security.Claims;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Features;

/// <summary>The signed-in person, read fresh once per request so a changed privilege counts at once.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, AppDbContext db)
{
    private Actor? _actor;

    public async Task<Actor> GetActorAsync(CancellationToken cancellationToken = default)
    {
        if (_actor is not null)
        {
            return _actor;
        }

        var id = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!Guid.TryParse(id, out var userId))
        {
            throw new ForbiddenException("Sign in first.");
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new ForbiddenException("Your account no longer exists.");
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
