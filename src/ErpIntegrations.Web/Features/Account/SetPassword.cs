using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace ErpIntegrations.Web.Features.Account;

// Sets a password from the one-time link a Directory Admin had sent (Identity's password-reset token). Setting it
// changes the user's security stamp, which is what makes the link work only once and ends the person's other sessions
// at their next stamp check; their API tokens are revoked in the same transaction.
internal static class SetPassword
{
    public const string LinkInvalid = "This link has expired or has already been used. Ask your company's Directory Admin to send you a new one.";

    internal sealed record Command(Guid UserId, string? Token, string? Password, string? ConfirmPassword);

    internal sealed class Handler(AppDbContext db, UserManager<User> users, TimeProvider time)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(command.UserId.ToString());
            if (user is null || !user.IsActive || string.IsNullOrEmpty(command.Token))
            {
                throw new DomainRuleException(LinkInvalid);
            }

            if (string.IsNullOrEmpty(command.Password))
            {
                throw new InputException("Password", "Enter a password.");
            }

            if (command.Password != command.ConfirmPassword)
            {
                throw new InputException("ConfirmPassword", "The two passwords differ. Type the same password twice.");
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await users.ResetPasswordAsync(user, command.Token, command.Password);
            if (result.Errors.Any(e => e.Code == "InvalidToken"))
            {
                throw new DomainRuleException(LinkInvalid);
            }

            if (!result.Succeeded)
            {
                throw IdentityErrors.ToInput(result, emailField: "Password", passwordField: "Password");
            }

            user.EmailConfirmed = true;
            user.OwnPasswordChosen();
            await users.UpdateAsync(user);
            await RevokeAllTokens.OfAsync(db, user.Id, time.GetUtcNow().UtcDateTime, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return user.Email ?? "";
        }
    }
}
