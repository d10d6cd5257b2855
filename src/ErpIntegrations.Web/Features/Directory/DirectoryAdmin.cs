using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Features.Directory;

internal static class DirectoryAdmin
{
    // Users carry no tenant query filter (sign-in must find them), so the company is filtered here: another company's user is not found.
    public static async Task<User> UserAsync(AppDbContext db, Actor actor, Guid userId, CancellationToken cancellationToken) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.CompanyId == actor.CompanyId, cancellationToken)
            ?? throw new NotFoundException("The user");

    // Starts a change that counts the company's other Directory Admins or granters: the company's
    // Company.DirectoryVersion is read before the counts and bumped in the same save, so a
    // concurrent change counted against the same directory loses with a 409 instead of both passing.
    public static async Task GuardDirectoryAsync(AppDbContext db, Guid companyId, CancellationToken cancellationToken) =>
        (await db.Companies.SingleAsync(c => c.Id == companyId, cancellationToken)).RecordDirectoryChange();

    public static Task<int> OtherActiveDirectoryAdminsAsync(AppDbContext db, User user, CancellationToken cancellationToken) =>
        db.Users.CountAsync(u => u.CompanyId == user.CompanyId && u.Id != user.Id && u.IsDirectoryAdmin && u.IsActive, cancellationToken);

    // Active Directory Admins with 'Can Push to Accounting' besides user: those who could still grant it.
    public static Task<int> OtherGrantersAsync(AppDbContext db, User user, CancellationToken cancellationToken) =>
        db.Users.CountAsync(u => u.CompanyId == user.CompanyId && u.Id != user.Id && u.IsDirectoryAdmin && u.IsActive && u.CanPushToAccounting, cancellationToken);
}

// Writes the one-time set-password email to the outbox; the caller's SaveChanges commits it with its cause.
internal sealed class SetPasswordLinks(UserManager<User> users, EmailComposer composer, IOptions<DataProtectionTokenProviderOptions> tokens, TimeProvider time)
{
    public async Task AddAsync(AppDbContext db, User user, Actor sentBy, CancellationToken cancellationToken)
    {
        var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == user.CompanyId, cancellationToken);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        db.OutboxEmails.Add(composer.SetPasswordLink(company, user, sentBy.Name, token, tokens.Value.TokenLifespan, time.GetUtcNow().UtcDateTime));
    }
}
