using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

public static class Accept
{
    // ErpJobId: null takes the one the connector proposes. Version: the sub job's version the approver reviewed; a sub
    // job changed since is refused (null: no check).
    public sealed record Command(Guid SubJobId, string? ErpJobId, int? Version = null);

    public sealed record Result(Guid SubJobId, string Code, string ErpSubJobId);

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, CurrentErp currentErp, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var subJob = await ErpSubJobIdUsage.SubJobForExportAsync(db, command.SubJobId, cancellationToken);
            subJob.RequireAcceptable(actor, command.Version);
            var connector = await currentErp.ConnectorAsync(cancellationToken);
            var erpJobId = command.ErpJobId?.Trim() is { Length: > 0 } typed
                ? typed
                : await connector.ProposeErpSubJobIdAsync(new(subJob.Code, subJob.Description, subJob.Project.ErpJobId ?? ""), cancellationToken);

            var erp = connector.Capabilities;
            if (InputErrors.CodeError(erpJobId, "the ERP Job ID", ErpCodes.Narrow(ErpCodes.ErpJobIdSeparators, erp.ErpJobIdSeparators), erp.DisplayName) is { } unreadable)
            {
                throw new InputException(nameof(Command.ErpJobId), unreadable);
            }

            var job = subJob.Project.ErpJobId!;
            if (await ErpSubJobIdUsage.TakenAsync(db, subJob, erpJobId, cancellationToken))
            {
                throw AlreadyUsed(erpJobId, job);
            }

            if (await CheckInErpAsync(connector, new(job, erpJobId, subJob.Id.ToString()), cancellationToken) is { } invalid)
            {
                throw new InputException(nameof(Command.ErpJobId), invalid);
            }

            db.ErpRequests.Add(subJob.Accept(erpJobId, actor, time.GetUtcNow().UtcDateTime, command.Version));
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ErpTarget.HoldAsync(db, await currentErp.CompanyAsync(cancellationToken), subJob.Project, cancellationToken);
            // Another accept of the same ERP Job ID committed between our check and our save: the unique
            // index on the sub jobs refused this one.
            await db.SaveChangesOrExplainAsync(
                async () => await ErpSubJobIdUsage.TakenAsync(db, subJob, erpJobId, cancellationToken) ? AlreadyUsed(erpJobId, job) : null,
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            return new Result(subJob.Id, subJob.Code, erpJobId);
        }
    }

    // The ERP's rules, and what the ERP already holds under the job where it can be asked. An ERP that cannot be reached
    // just now does not hold the approver up: the export checks again, and retries until the ERP is back. An ERP that
    // refuses outright (a wrong password, a job that is gone) would fail the export too, so the approver hears it now.
    private static async Task<string?> CheckInErpAsync(IErpConnector connector, ErpSubJobIdCheck check, CancellationToken cancellationToken)
    {
        try
        {
            return await connector.ValidateErpSubJobIdAsync(check, cancellationToken);
        }
        catch (ErpException ex) when (ex.IsTransient)
        {
            return null;
        }
        catch (ErpException ex)
        {
            return $"{connector.Capabilities.DisplayName} could not check the ERP Job ID: {ex.Message}";
        }
    }

    private static InputException AlreadyUsed(string erpJobId, string job) =>
        new(nameof(Command.ErpJobId), $"ERP Job ID {erpJobId} is already used by another sub job of ERP job {job}. Enter a different ERP Job ID.");

    // ErpJobId omitted or blank: the one the connector proposes. Version omitted: no check.
    internal sealed record Body(string? ErpJobId, int? Version);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/sub-jobs/{id:guid}/accept", async (Guid id, Body? body, Handler accept, Details.Handler details, CancellationToken cancellationToken) =>
            {
                await accept.HandleAsync(new Command(id, body?.ErpJobId, body?.Version), cancellationToken);
                return TypedResults.Accepted($"/api/v1/erp/sub-jobs/{id}", await details.HandleAsync(id, cancellationToken));
            })
            .WithName("AcceptErpSubJob")
            .RequireAuthorization(Permissions.AcceptSubJobs)
            .WithTags("ERP Integrations")
            .WithSummary("Accept a Ready to Export sub job: it is exported to the ERP under the ERP Job ID (omitted: the proposal).")
            .WithDescription("Answers 202 with the sub job, now exporting; follow it with GET /api/v1/erp/sub-jobs/{id}. Needs an accounting approver. "
                + ReviewedVersion.Description)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
