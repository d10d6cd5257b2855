using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.ErpSubJobs;

// An accounting approver rejects a sub job with a short explanation; it goes back to its project for correction.
public static class Reject
{
    public const string ReasonRequired = "Enter a short explanation of why the sub job is rejected.";

    // Version: the sub job's version the approver reviewed; a sub job changed since is refused (null: no check).
    public sealed record Command(Guid SubJobId, string? Reason, int? Version = null);

    public sealed record Result(Guid SubJobId, string Code);

    // Checked before any sub job is touched, so a bulk reject with no reason changes nothing.
    public static string ValidReason(string? reason)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new InputException(nameof(Command.Reason), ReasonRequired);
        }

        if (trimmed.Length > SubJob.MaxRejectionReasonLength)
        {
            throw new InputException(nameof(Command.Reason), $"Keep the explanation to at most {SubJob.MaxRejectionReasonLength} characters.");
        }

        var errors = new InputErrors();
        errors.Plain(nameof(Command.Reason), trimmed, "the explanation", multiline: true);
        errors.ThrowIfAny();

        return trimmed;
    }

    internal sealed class Handler(AppDbContext db, CurrentUser currentUser, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var reason = ValidReason(command.Reason);
            var subJob = await db.SubJobs
                .Include(s => s.Project)
                .SingleOrDefaultAsync(s => s.Id == command.SubJobId, cancellationToken)
                ?? throw new NotFoundException("The sub job");

            subJob.Reject(reason, actor, time.GetUtcNow().UtcDateTime, command.Version);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(subJob.Id, subJob.Code);
        }
    }

    // Version omitted: no check.
    internal sealed record Body(string? Reason, int? Version);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/erp/sub-jobs/{id:guid}/reject", async (Guid id, Body? body, Handler reject, Details.Handler details, CancellationToken cancellationToken) =>
            {
                await reject.HandleAsync(new Command(id, body?.Reason, body?.Version), cancellationToken);
                return TypedResults.Ok(await details.HandleAsync(id, cancellationToken));
            })
            .WithName("RejectErpSubJob")
            .RequireAuthorization(Permissions.RejectSubJobs)
            .WithTags("ERP Integrations")
            .WithSummary($"Reject a Ready to Export or Failed to Export sub job with a reason (at most {SubJob.MaxRejectionReasonLength} characters); its sender is emailed.")
            .WithDescription(ReviewedVersion.Description)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
