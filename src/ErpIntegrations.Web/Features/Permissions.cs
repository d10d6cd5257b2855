using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features;

// The named authorization policies every endpoint and page declares (PRODUCT.md §2). Each is a rule of
// Access and the one sentence that refuses it; handlers do not check again.
public static class Permissions
{
    public const string SignedIn = nameof(SignedIn);
    public const string ViewErpTool = nameof(ViewErpTool);
    public const string ViewSandboxErp = nameof(ViewSandboxErp);
    public const string AcceptSubJobs = nameof(AcceptSubJobs);
    public const string RejectSubJobs = nameof(RejectSubJobs);
    public const string RetryExports = nameof(RetryExports);
    public const string AddSubJobsFromErp = nameof(AddSubJobsFromErp);
    public const string ViewDirectory = nameof(ViewDirectory);
    public const string ManageDirectory = nameof(ManageDirectory);
    public const string GrantApprover = nameof(GrantApprover);
    public const string ManageProjects = nameof(ManageProjects);
    public const string ManageCostCodes = nameof(ManageCostCodes);
    public const string ConfigureErpConnection = nameof(ConfigureErpConnection);
    public const string SeeCompanyEmails = nameof(SeeCompanyEmails);

    // The Webhook deliveries page: what was announced to the company's integrator, and redelivering it.
    public const string ManageWebhooks = nameof(ManageWebhooks);

    // The connector API (/api/v1/connector/…): the company's integrator with a connector credential, never a person.
    public const string ConnectorApi = nameof(ConnectorApi);

    // 'Read Only' or higher on the Admin tool of the route's project.
    public const string ProjectViewer = nameof(ProjectViewer);

    // 'Admin' on the Admin tool of the route's project: create, edit, send, retrieve and resend its sub jobs.
    public const string ProjectAdmin = nameof(ProjectAdmin);

    internal static readonly IReadOnlyDictionary<string, IAuthorizationRequirement> Rules = new Dictionary<string, IAuthorizationRequirement>
    {
        [SignedIn] = new ActorRule(_ => true, ""),
        [ViewErpTool] = new ActorRule(Access.CanViewErpIntegrations, "Viewing ERP Integrations needs 'Read Only' or higher on the ERP Integrations tool."),
        [ViewSandboxErp] = new ActorRule(Access.CanViewErpIntegrations, "The Sandbox ERP page needs 'Read Only' or higher on ERP Integrations."),
        [AcceptSubJobs] = Approver("Accepting sub jobs"),
        [RejectSubJobs] = Approver("Rejecting sub jobs"),
        [RetryExports] = Approver("Retrying an export"),
        [AddSubJobsFromErp] = Approver("Adding sub jobs from the ERP"),
        [ViewDirectory] = new ActorRule(Access.CanViewDirectory, "You need to be a Directory Admin or have access to ERP Integrations to see the Company Directory."),
        [ManageDirectory] = new ActorRule(Access.CanManageDirectory, "Only a Directory Admin can manage the company's users."),
        [GrantApprover] = new ActorRule(Access.CanGrantApproverPrivileges, "Only a Directory Admin who has the 'Can Push to Accounting' privilege can grant accounting approver privileges."),
        [ManageProjects] = new ActorRule(Access.CanManageProjects, "Only a Directory Admin or an ERP Integrations Admin can add, edit or link projects."),
        [ManageCostCodes] = new ActorRule(Access.CanManageCostCodes, "Only an ERP Integrations Admin can manage the company's standard cost codes."),
        [ConfigureErpConnection] = new ActorRule(Access.CanConfigureErpConnection, "Only an ERP Integrations Admin can configure the company's ERP connection."),
        [SeeCompanyEmails] = new ActorRule(Access.CanSeeCompanyEmails, "Only a Directory Admin or an ERP Integrations Admin can see the company's emails."),
        [ManageWebhooks] = new ActorRule(Access.CanConfigureErpConnection, "Only an ERP Integrations Admin can see and redeliver the company's webhook deliveries."),
        [ConnectorApi] = new ConnectorRule(),
        [ProjectViewer] = new ProjectRule(Access.CanViewProject, number => $"You need at least 'Read Only' on the Admin tool of project {number} to see its sub jobs."),
        [ProjectAdmin] = new ProjectRule(Access.CanManageSubJobs, number => $"You need 'Admin' on the Admin tool of project {number} to change its sub jobs."),
    };

    // Accept, Reject, Retry and Add to Project: one rule, refused in the words of the action.
    private static ActorRule Approver(string doing) =>
        new(Access.CanApprove, $"{doing} needs 'Standard' or 'Admin' on ERP Integrations and the 'Can Push to Accounting' privilege.");

    internal static IServiceCollection AddPermissions(this IServiceCollection services)
    {
        var builder = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (name, rule) in Rules)
        {
            builder.AddPolicy(name, p => p.RequireAuthenticatedUser().AddRequirements(rule));
        }

        services.AddScoped<IAuthorizationHandler, ActorRuleHandler>();
        services.AddScoped<IAuthorizationHandler, ProjectRuleHandler>();
        services.AddScoped<IAuthorizationHandler, ConnectorRuleHandler>();
        services.AddSingleton<AuthorizationMiddlewareResultHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, Refusals>();
        return services;
    }
}

// A rule on the signed-in person alone.
internal sealed class ActorRule(Func<Actor, bool> allows, string refusal) : IAuthorizationRequirement
{
    public Func<Actor, bool> Allows { get; } = allows;

    public string Refusal { get; } = refusal;
}

// The caller is a company's integrator, authenticated by a connector credential.
internal sealed class ConnectorRule : IAuthorizationRequirement;

internal sealed class ConnectorRuleHandler : AuthorizationHandler<ConnectorRule>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ConnectorRule requirement)
    {
        if (context.User.HasClaim(c => c.Type == Integrators.ConnectorCredentialAuthenticationHandler.CredentialClaim))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new Refusal(this, "The connector API takes a connector credential, not a person's token.", askForAccess: false));
        }

        return Task.CompletedTask;
    }
}

// A rule on the signed-in person's level on the Admin tool of the route's project.
internal sealed class ProjectRule(Func<PermissionLevel, bool> allows, Func<string, string> refusal) : IAuthorizationRequirement
{
    public Func<PermissionLevel, bool> Allows { get; } = allows;

    public Func<string, string> Refusal { get; } = refusal;
}

// Why a request was refused; a missing permission, unlike a deactivated account, is worth asking for.
internal class Refusal(IAuthorizationHandler handler, string message, bool askForAccess) : AuthorizationFailureReason(handler, message)
{
    public bool AskForAccess { get; } = askForAccess;
}

// The person must choose their own password before anything else: a page sends them to /set-password.
internal sealed class PasswordChangeRefusal(IAuthorizationHandler handler, string message) : Refusal(handler, message, askForAccess: false);

// The route's project (or sub job) is not the company's, or does not exist: that answers 404, never 403.
internal sealed class NotFoundRefusal(IAuthorizationHandler handler, string what) : Refusal(handler, $"{what} was not found.", askForAccess: false);

// Reads the person fresh through CurrentUser, so a changed privilege counts at once and a deactivated
// account is refused (its cookie dropped) whatever the policy. A route that names a {projectId} is judged
// only once the project is found: another company's project (hidden by the query filter) is not found, never forbidden.
internal sealed class ActorRuleHandler(CurrentUser currentUser, AppDbContext db, IHttpContextAccessor http) : AuthorizationHandler<ActorRule>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActorRule requirement)
    {
        if (await ActorAsync(this, currentUser, context) is not { } actor
            || (RouteProject.Named(http) && await RouteProject.FindAsync(this, db, http, context) is null))
        {
            return;
        }

        if (requirement.Allows(actor))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new Refusal(this, requirement.Refusal, askForAccess: true));
        }
    }

    // Null when there is no one to judge: not signed in (a challenge follows) or refused as an account.
    internal static async Task<Actor?> ActorAsync(IAuthorizationHandler handler, CurrentUser currentUser, AuthorizationHandlerContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        try
        {
            return await currentUser.GetActorAsync();
        }
        catch (PasswordChangeRequiredException refused)
        {
            context.Fail(new PasswordChangeRefusal(handler, refused.Message));
            return null;
        }
        catch (ForbiddenException refused)
        {
            context.Fail(new Refusal(handler, refused.Message, askForAccess: false));
            return null;
        }
    }
}

internal sealed class ProjectRuleHandler(CurrentUser currentUser, AppDbContext db, IHttpContextAccessor http) : AuthorizationHandler<ProjectRule>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ProjectRule requirement)
    {
        if (await ActorRuleHandler.ActorAsync(this, currentUser, context) is null
            || await RouteProject.FindAsync(this, db, http, context) is not { } project)
        {
            return;
        }

        if (requirement.Allows(await currentUser.ProjectLevelAsync(project.Id, http.HttpContext?.RequestAborted ?? CancellationToken.None)))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new Refusal(this, requirement.Refusal(project.Number), askForAccess: true));
        }
    }
}

// The project a route names: {projectId}, or else the project of the sub job {id} (the API's
// /sub-jobs/{id} routes). One the company cannot see fails the policy as not found.
internal static class RouteProject
{
    public static bool Named(IHttpContextAccessor http) =>
        http.HttpContext?.Request.RouteValues.ContainsKey("projectId") == true;

    public static async Task<Project?> FindAsync(IAuthorizationHandler handler, AppDbContext db, IHttpContextAccessor http, AuthorizationHandlerContext context)
    {
        var route = http.HttpContext?.Request.RouteValues;
        var aborted = http.HttpContext?.RequestAborted ?? CancellationToken.None;
        Project? project;
        string what;
        if (Guid.TryParse(route?["projectId"]?.ToString(), out var projectId))
        {
            project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, aborted);
            what = "The project";
        }
        else if (Guid.TryParse(route?["id"]?.ToString(), out var subJobId))
        {
            project = await db.SubJobs.AsNoTracking().Where(s => s.Id == subJobId).Select(s => s.Project).SingleOrDefaultAsync(aborted);
            what = "The sub job";
        }
        else
        {
            throw new InvalidOperationException($"A project policy needs a {{projectId}} or a sub job {{id}} in the route of {http.HttpContext?.Request.Path}.");
        }

        if (project is null)
        {
            context.Fail(new NotFoundRefusal(handler, what));
        }

        return project;
    }
}
