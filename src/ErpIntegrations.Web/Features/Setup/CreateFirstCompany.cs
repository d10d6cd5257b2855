using System.Data;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Setup;

// The one way into an empty installation: creates the company (on the default connector, Erp:DefaultConnector, with
// a fresh connection: for the Sandbox ERP a ledger of its own) and its first Directory Admin, who also holds ERP
// Integrations Admin and 'Can Push to Accounting'.
// Used by the setup command and by the /setup page; refused once any company exists.
internal static class CreateFirstCompany
{
    public const string AlreadySetUp = "ERP Integrations is already set up: a company exists. Sign in, and ask its Directory Admin to add you.";

    internal sealed record Command(string? CompanyName, string? Email, string? Name, string? Password);

    // ErpConnection: the connector's setting for the company (for the Sandbox ERP, its ledger). HasLedger: the ERP keeps
    // its ledger inside ERP Integrations, where jobs are added; otherwise its settings are still to be entered.
    internal sealed record Result(Guid CompanyId, string CompanyName, Guid UserId, string Email, string Name, string ErpConnector, string ErpConnection, string ErpName, bool HasLedger)
    {
        public string NextStep => HasLedger
            ? $"add jobs to {ErpName} on the ERP Connection page"
            : $"enter {ErpName}'s settings on the ERP Connection page";
    }

    internal sealed class Handler(AppDbContext db, UserManager<User> users, ErpConnectors connectors, TimeProvider time)
    {
        public Task<bool> IsSetUpAsync(CancellationToken cancellationToken) =>
            db.Companies.IgnoreQueryFilters().AnyAsync(cancellationToken);

        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var errors = new InputErrors();
            var companyName = errors.Text("CompanyName", command.CompanyName, "the company's name", 200);
            var email = errors.Email("Email", command.Email);
            var name = errors.Text("Name", command.Name, "your name", User.MaxDisplayNameLength, required: false);
            if (string.IsNullOrEmpty(command.Password))
            {
                errors.Add("Password", "Enter a password.");
            }

            errors.ThrowIfAny();
            if (name.Length == 0)
            {
                name = email.Split('@')[0];
            }

            // Serializable: two setups racing on an empty database cannot both see "no company" and both commit.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            if (await IsSetUpAsync(cancellationToken))
            {
                throw new DomainRuleException(AlreadySetUp);
            }

            var now = time.GetUtcNow().UtcDateTime;
            var companyId = Guid.CreateVersion7(now);
            var (connector, connection) = connectors.FreshConnection(companyId);
            var company = new Company(companyId, companyName, connector, connection);
            db.Companies.Add(company);
            await db.SaveChangesAsync(cancellationToken);

            var admin = User.FirstDirectoryAdmin(Guid.CreateVersion7(now), company.Id, email, name);
            var created = await users.CreateAsync(admin, command.Password!);
            if (!created.Succeeded)
            {
                throw IdentityErrors.ToInput(created, emailField: "Email", passwordField: "Password");
            }

            await transaction.CommitAsync(cancellationToken);
            var erp = connectors.For(company);
            return new Result(company.Id, company.Name, admin.Id, email, name, company.ErpConnector, company.ErpConnection, erp.Capabilities.DisplayName, erp is IErpLedger);
        }
    }
}
