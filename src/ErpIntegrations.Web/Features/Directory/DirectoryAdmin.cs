using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Features.Directory;

/// <summary>What every Company Directory change shares: a user of the Directory Admin's own company, and the guard on the counts.</summary>
internal static class DirectoryAdmin
{
    /// <summary>Users carry no tenant query filter (sign-in must find them), so the company is filtered here: another company's user is not found.</summary>
    public static async Task<User> UserAsync(AppDbContext db, Actor actor, Guid userId, CancellationToken cancellationToken) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.CompanyId == actor.CompanyId, cancellationToken)
            ?? throw new NotFoundException("The user");

    /// <summary>
    /// Starts a change that counts the company's other Directory Admins or granters: the company's
    /// <see cref="Company.DirectoryVersion"/> is read before the counts and bumped in the same save, so a
    /// concurrent change counted against the same directory loses with a 409 instead of both passing.
    /// </summary>
    public static async Task GuardDirectoryAsync(AppDbContext db, Guid companyId, CancellationToken cancellationToken) =>
        (await db.Companies.SingleAsync(c => c.Id == companyId, cancellationToken)).RecordDirectoryChange();

    public static Task<int> OtherActiveDirectoryAdminsAsync(AppDbContext db, User user, CancellationToken cancellationToken) =>
        db.Users.CountAsync(u => u.CompanyId == user.CompanyId && u.Id != user.Id && u.IsDirectoryAdmin && u.IsActive, cancellationToken);

    /// <summary>Active Directory Admins with 'Can Push to Accounting' besides <paramref name="user"/>: those who could still grant it.</summary>
    public static Task<int> OtherGrantersAsync(AppDbContext db, User user, CancellationToken cancellationToken) =>
        db.Users.CountAsync(u => u.CompanyId == user.CompanyId && u.Id != user.Id && u.IsDirectoryAdmin && u.IsActive && u.CanPushToAccounting, cancellationToken);
}

/// <summary>Writes the one-time set-password email to the outbox; the caller's SaveChanges commits it with its cause.</summary>
internal sealed class SetPasswordLinks(UserManager<User> users, EmailComposer composer, IOptions<DataProtectionTokenProviderOptions> tokens, TimeProvider time)
{
    public async Task AddAsync(AppDbContext db, User user, Actor sentBy, CancellationToken cancellationToken)
    {
        var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == user.CompanyId, cancellationToken);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        db.OutboxEmails.Add(composer.SetPasswordLink(company, user, sentBy.Name, token, tokens.Value.TokenLifespan, time.GetUtcNow().UtcDateTime));
    }
}
