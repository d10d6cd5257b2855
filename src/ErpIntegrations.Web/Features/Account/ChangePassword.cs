using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace ErpIntegrations.Web.Features.Account;

// The signed-in person replaces their password, proving the current one (a wrong one counts toward lockout, as at
// sign-in): the one a Directory Admin set, which must go before anything else, or their own. The new security stamp
// ends their other sessions at the next stamp check, and their API tokens are revoked in the same transaction.
internal static class ChangePassword
{
    internal sealed record Command(Guid UserId, string? CurrentPassword, string? Password, string? ConfirmPassword);

    internal sealed class Handler(AppDbContext db, SignInManager<User> signIn, TimeProvider time)
    {
        public async Task<User> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var user = await signIn.UserManager.FindByIdAsync(command.UserId.ToString());
            if (user is null || !user.IsActive)
            {
                throw new ForbiddenException(AppSignInManager.DeactivatedMessage);
            }

            var errors = new InputErrors();
            if (string.IsNullOrEmpty(command.CurrentPassword))
            {
                errors.Add("CurrentPassword", "Enter your current password.");
            }

            if (string.IsNullOrEmpty(command.Password))
            {
                errors.Add("Password", "Enter a new password.");
            }
            else if (command.Password.Length > CreateToken.MaxCredentialLength)
            {
                errors.Add("Password", $"The password can be at most {CreateToken.MaxCredentialLength} characters.");
            }
            else if (command.Password != command.ConfirmPassword)
            {
                errors.Add("ConfirmPassword", "The two passwords differ. Type the same password twice.");
            }
            else if (command.Password == command.CurrentPassword)
            {
                errors.Add("Password", "Choose a password different from the current one.");
            }

            errors.ThrowIfAny();
            var check = await signIn.CheckPasswordSignInAsync(user, command.CurrentPassword!, lockoutOnFailure: true);
            if (!check.Succeeded)
            {
                throw new InputException("CurrentPassword", check.IsLockedOut
                    ? "Your account is locked for 15 minutes after too many wrong passwords. Try again later."
                    : "The current password is not correct.");
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var changed = await signIn.UserManager.ChangePasswordAsync(user, command.CurrentPassword!, command.Password!);
            if (!changed.Succeeded)
            {
                throw IdentityErrors.ToInput(changed, emailField: "Password", passwordField: "Password");
            }

            user.OwnPasswordChosen();
            await signIn.UserManager.UpdateAsync(user);
            await RevokeAllTokens.OfAsync(db, user.Id, time.GetUtcNow().UtcDateTime, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return user;
        }
    }
}
