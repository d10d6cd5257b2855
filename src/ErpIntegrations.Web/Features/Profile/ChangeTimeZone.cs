using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Profile;

// The person's time zone: chosen on the profile (any IANA zone), or the browser's own, which fills an empty profile only.
internal static class ChangeTimeZone
{
    internal sealed record Command(string? TimeZone, bool FromBrowser = false);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser)
    {
        public async Task HandleAsync(Command command, CancellationToken cancellationToken)
        {
            if (!TimeZones.TryFind(command.TimeZone, out _))
            {
                throw new InputException(
                    "timeZone",
                    string.IsNullOrWhiteSpace(command.TimeZone)
                        ? "Choose a time zone, such as America/Chicago."
                        : $"\"{command.TimeZone}\" is not a time zone this server knows. Choose one from the list, such as America/Chicago or Europe/Berlin.");
            }

            var actor = await currentUser.GetActorAsync(cancellationToken);
            var user = await db.Users.SingleAsync(u => u.Id == actor.UserId, cancellationToken);
            if (command.FromBrowser)
            {
                user.TakeBrowserTimeZone(command.TimeZone);
            }
            else
            {
                user.ChangeTimeZone(command.TimeZone!);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
