using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace ErpIntegrations.Web.Features.Directory;

// Adds a user to the Company Directory, either with an initial password the Directory Admin hands over (which the
// person must replace at their first sign-in) or with a one-time set-password link sent by email. 'Can Push to Accounting' is not set here: that stays with
// Grant Accounting Approver Privileges.
internal static class AddUser
{
    internal sealed record Command(string? Name, string? Email, PermissionLevel ErpIntegrationsLevel, bool IsDirectoryAdmin, bool SendSetPasswordLink, string? Password);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, UserManager<User> users, SetPasswordLinks links, TimeProvider time)
    {
        public async Task<Guid> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var errors = new InputErrors();
            var name = errors.Text("Name", command.Name, "the person's name", User.MaxDisplayNameLength);
            var email = errors.Email("Email", command.Email);
            if (!Enum.IsDefined(command.ErpIntegrationsLevel))
            {
                errors.Add("ErpIntegrationsLevel", "Choose None, Read Only, Standard or Admin.");
            }

            if (!command.SendSetPasswordLink && string.IsNullOrEmpty(command.Password))
            {
                errors.Add("Password", "Enter an initial password, or choose to send a set-password link by email.");
            }

            errors.ThrowIfAny();

            if (await users.FindByEmailAsync(email) is { } owner)
            {
                // Another company's user is not named, nor said to exist elsewhere: the admin of one company must not
                // learn who signs in to another.
                throw new InputException("Email", owner.CompanyId == actor.CompanyId
                    ? $"{owner.DisplayName} already signs in with this email; each person signs in with their own email."
                    : IdentityErrors.EmailCannotBeUsed);
            }

            var user = User.NewMember(Guid.CreateVersion7(time.GetUtcNow()), actor.CompanyId, email, name);
            user.ErpIntegrationsLevel = command.ErpIntegrationsLevel;
            user.IsDirectoryAdmin = command.IsDirectoryAdmin;
            if (!command.SendSetPasswordLink)
            {
                user.InitialPasswordSetByDirectoryAdmin();
            }

            // The user and their set-password email commit together: no account without its link, no link without its account.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var created = command.SendSetPasswordLink
                ? await users.CreateAsync(user)
                : await users.CreateAsync(user, command.Password!);
            if (!created.Succeeded)
            {
                throw IdentityErrors.ToInput(created, emailField: "Email", passwordField: "Password");
            }

            if (command.SendSetPasswordLink)
            {
                await links.AddAsync(db, user, actor, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return user.Id;
        }
    }

    // ErpIntegrationsLevel left out is none. Without a Password to hand over, sendSetPasswordLink: true emails a
    // one-time link instead.
    internal sealed record Body(string? Name, string? Email, PermissionLevel? ErpIntegrationsLevel, bool? IsDirectoryAdmin, string? Password, bool? SendSetPasswordLink);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/directory/users", async (Body? body, Handler add, UserDetails.Handler details, CancellationToken cancellationToken) =>
            {
                var sendLink = body?.SendSetPasswordLink ?? false;
                if (sendLink && body?.Password is not null)
                {
                    throw new InputException("password", "Send either an initial password or sendSetPasswordLink: true, not both.");
                }

                var id = await add.HandleAsync(
                    new Command(body?.Name, body?.Email, body?.ErpIntegrationsLevel ?? PermissionLevel.None, body?.IsDirectoryAdmin ?? false, sendLink, body?.Password),
                    cancellationToken);
                return TypedResults.Created($"/api/v1/directory/users/{id}", await details.HandleAsync(new UserDetails.Query(id), cancellationToken));
            })
            .WithName("AddDirectoryUser")
            .RequireAuthorization(Permissions.ManageDirectory)
            .WithTags("Company Directory")
            .WithSummary("Add a user with an initial password or a one-time set-password link sent by email. Needs a Directory Admin.")
            .WithDescription("An initial password must be replaced by its owner at their first sign-in; until then their API tokens are refused. An email another account signs in with is refused.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
