using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// An accounting approver adds a sub job that exists only in the ERP to its project, as Synced.
public static class AddToProject
{
    public sealed record Command(Guid ProjectId, string ErpJobId);

    public sealed record Result(Guid SubJobId, string Code, string ProjectNumber);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == command.ProjectId, cancellationToken)
                ?? throw new NotFoundException("The project");
            if (!project.IsLinked)
            {
                throw new DomainRuleException($"Project {project.Number} is not linked to an ERP job, so nothing can be imported into it.");
            }

            var connector = await currentErp.ConnectorAsync(cancellationToken);
            var inErp = (await connector.ListSubJobsAsync(project.ErpJobId!, cancellationToken))
                .SingleOrDefault(s => s.ErpSubJobId == command.ErpJobId)
                ?? throw new NotFoundException($"Sub job {command.ErpJobId} under job {project.ErpJobId} in {connector.Capabilities.DisplayName}");

            if ((await ErpSubJobIdUsage.KnownHereAsync(db, project.Id, [inErp], cancellationToken)).Count > 0)
            {
                throw new DomainRuleException($"Project {project.Number} already has sub job {inErp.ErpSubJobId}.");
            }

            RequireReadable(inErp, connector.Capabilities.DisplayName);

            var upperCode = inErp.ErpSubJobId.ToUpperInvariant();
            var sameCode = await db.SubJobs.Where(s => s.ProjectId == project.Id && s.Code.ToUpper() == upperCode).Select(s => (SubJobState?)s.State).FirstOrDefaultAsync(cancellationToken);
            if (sameCode is { } state)
            {
                throw new DomainRuleException($"Project {project.Number} has another sub job with code {inErp.ErpSubJobId} ({state.ToDisplay()}). Change that sub job's code first, then add this one from the ERP.");
            }

            var codes = inErp.CostCodes.ToList();
            var costCodes = await db.CostCodes.Where(c => codes.Contains(c.Code)).ToListAsync(cancellationToken);
            var subJob = SubJob.Import(project, inErp, costCodes, actor, time.GetUtcNow().UtcDateTime);
            db.SubJobs.Add(subJob);
            // An accept or import of the same ERP Job ID committed since our check; the unique index refused
            // this one.
            await db.SaveChangesOrExplainAsync(
                async () => (await ErpSubJobIdUsage.KnownHereAsync(db, project.Id, [inErp], cancellationToken)).Count > 0 ? new DomainRuleException($"Project {project.Number} already has sub job {inErp.ErpSubJobId}.") : null,
                cancellationToken);

            return new Result(subJob.Id, subJob.Code, project.Number);
        }
    }

    // The ERP's sub job becomes one of ours, its ERP Job ID its code: both must meet the rules for what a person types.
    private static void RequireReadable(ErpSubJob inErp, string erpName)
    {
        var errors = new InputErrors();
        if (InputErrors.CodeError(inErp.ErpSubJobId, "its ERP Job ID", ErpCodes.ErpJobIdSeparators) is { } invalid)
        {
            errors.Add(nameof(Command.ErpJobId), $"This sub job of {erpName} cannot be added. {invalid}");
        }

        errors.Plain(nameof(Command.ErpJobId), inErp.Description, $"the description of this sub job of {erpName}");
        errors.ThrowIfAny();
    }

    internal sealed record Body(Guid? ProjectId, string? ErpJobId);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/sub-jobs/import", async (Body? body, Handler addToProject, Details.Handler details, CancellationToken cancellationToken) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (body?.ProjectId is null)
                {
                    errors["projectId"] = ["Name the project (projectId of the Ready to Import item)."];
                }

                if (string.IsNullOrWhiteSpace(body?.ErpJobId))
                {
                    errors["erpJobId"] = ["Name the ERP's sub job (erpJobId of the Ready to Import item)."];
                }

                if (errors.Count > 0)
                {
                    throw new InputException(errors);
                }

                var added = await addToProject.HandleAsync(new Command(body!.ProjectId!.Value, body.ErpJobId!.Trim()), cancellationToken);
                return TypedResults.Created($"/api/v1/erp/sub-jobs/{added.SubJobId}", await details.HandleAsync(added.SubJobId, cancellationToken));
            })
            .WithName("ImportErpSubJob")
            .RequireAuthorization(Permissions.AddSubJobsFromErp)
            .WithTags("ERP Integrations")
            .WithSummary("Add to Project: create a sub job that exists only in the ERP (Ready to Import) on its project, as Synced.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
