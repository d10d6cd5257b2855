using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ProjectSubJobs;

internal static class Edit
{
    public const string NothingToChange = "Send at least one of code, description, costCodes.";

    // A null Code or Description keeps the current one (a synced sub job's form does not post them). Version is the
    // one the person edited: a newer one in the database is a concurrent change.
    internal sealed record Command(Guid ProjectId, Guid SubJobId, int Version, string? Code, string? Description, IReadOnlyCollection<Guid>? CostCodeIds);

    // Changed is false when the values given were the current ones: nothing was written.
    internal sealed record Result(string Code, bool Changed);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var subJob = await ProjectAdmin.SubJobForChangeAsync(db, command.ProjectId, command.SubJobId, command.Version, cancellationToken);
            var actor = await currentUser.GetActorAsync(cancellationToken);
            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            var keepFields = subJob.State == SubJobState.Synced;
            var (code, description, costCodes) = await SubJobFields.ValidateAsync(
                db,
                erp,
                subJob.ProjectId,
                subJob,
                keepFields ? command.Code ?? subJob.Code : command.Code,
                keepFields ? command.Description ?? subJob.Description : command.Description,
                command.CostCodeIds,
                cancellationToken);

            if (!subJob.Edit(code, description, costCodes, actor, time.GetUtcNow().UtcDateTime))
            {
                return new Result(subJob.Code, Changed: false);
            }

            await db.SaveChangesOrExplainAsync(
                async () => await SubJobFields.CodeTakenAsync(db, subJob.ProjectId, subJob.Id, code, cancellationToken) ? SubJobFields.DuplicateCode(code) : null,
                cancellationToken);

            return new Result(subJob.Code, Changed: true);
        }
    }

    // Omitted fields stay unchanged; CostCodes replaces the sub job's cost codes with these standard codes. Version is
    // the one you read; omitted, the current one (no check for a concurrent change).
    internal sealed record Body(string? Code, string? Description, IReadOnlyList<string>? CostCodes, int? Version);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPatch("/sub-jobs/{id:guid}", async (Guid id, Body? body, AppDbContext db, SubJobForm.Handler form, Handler edit, Details.Handler details, CancellationToken cancellationToken) =>
            {
                if (body is null)
                {
                    throw new InputException("body", "Send a JSON object with the fields to change: code, description, costCodes (and version).");
                }

                if (body is { Code: null, Description: null, CostCodes: null })
                {
                    throw new InputException("body", NothingToChange);
                }

                var projectId = await ProjectAdmin.ProjectOfAsync(db, id, cancellationToken);
                var current = (await form.HandleAsync(new SubJobForm.Query(projectId, id), cancellationToken)).SubJob!;
                var costCodeIds = body.CostCodes is { } codes ? await StandardCostCodes.IdsOfAsync(db, codes, cancellationToken) : current.CostCodeIds;
                await edit.HandleAsync(
                    new Command(projectId, id, body.Version ?? current.Version, body.Code ?? current.Code, body.Description ?? current.Description, costCodeIds),
                    cancellationToken);
                return await Details.ApiAsync(details, projectId, id, cancellationToken);
            })
            .WithName("EditSubJob")
            .RequireAuthorization(Permissions.ProjectAdmin)
            .WithTags("Project Admin")
            .WithSummary("Change a sub job's code, description or cost codes (a synced one: cost codes only). Needs 'Admin' on the project's Admin tool.")
            .WithDescription("Send at least one of code, description, costCodes (400 otherwise). Values equal to the current ones change nothing: no new version, no history entry.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
