using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features;

// Which company tools the signed-in person may open, so the top menu and the start page offer only those
// (Projects opens for everyone: it lists the projects they have access to).
public sealed record Navigation(bool ErpIntegrations, bool Emails, bool Directory, bool CostCodes, bool ErpConnection)
{
    public static Navigation For(Actor actor) => new(
        Access.CanViewErpIntegrations(actor),
        Access.CanSeeCompanyEmails(actor),
        Access.CanViewDirectory(actor),
        Access.CanManageCostCodes(actor),
        Access.CanConfigureErpConnection(actor));

    // None for a cookie whose user is gone or deactivated: the layout then also renders the refusal page, which must not throw again.
    public static async Task<Navigation?> ForSignedInAsync(CurrentUser currentUser, CancellationToken cancellationToken)
    {
        try
        {
            return For(await currentUser.GetActorAsync(cancellationToken));
        }
        catch (ForbiddenException)
        {
            return null;
        }
    }
}
