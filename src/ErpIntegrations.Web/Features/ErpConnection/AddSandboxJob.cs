using System.Text.RegularExpressions;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ErpConnection;

// Adds a job to the company's ledger when its ERP keeps one inside ERP Integrations (the Sandbox ERP, the demo ERP,
// which has no screens of its own for this), standing in for someone creating it in the ERP itself. A real ERP lists
// the jobs it already has.
internal static partial class AddSandboxJob
{
    internal sealed record Command(string? JobId, string? Name);

    internal sealed class Handler(CurrentErp currentErp)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var erp = await currentErp.ConnectorAsync(cancellationToken);
            if (erp is not IErpLedger ledger)
            {
                throw new DomainRuleException($"The company's ERP, {erp.Capabilities.DisplayName}, keeps its jobs itself; create jobs in {erp.Capabilities.DisplayName}.");
            }

            var errors = new InputErrors();
            var jobId = errors.Text("JobId", command.JobId, "the job ID", Project.MaxErpJobIdLength);
            var name = errors.Text("JobName", command.Name, "the job's name", Project.MaxNameLength);
            if (jobId.Length > 0 && !JobIdPattern().IsMatch(jobId))
            {
                errors.Add("JobId", "Use only letters A–Z, digits and hyphens in the job ID.");
            }
            else if (jobId.Length > 0 && (await erp.ListJobsAsync(cancellationToken)).Any(j => j.JobId == jobId))
            {
                errors.Add("JobId", $"{erp.Capabilities.DisplayName} already has job {jobId}.");
            }

            errors.ThrowIfAny();
            await ledger.AddJobAsync(new ErpJob(jobId, name), cancellationToken);
            return jobId;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex JobIdPattern();

    internal sealed record Body(string? JobId, string? Name);

    internal sealed record ApiResult(string JobId, string Name);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapPost("/sandbox-erp/jobs", async (Body? body, Handler add, CancellationToken cancellationToken) =>
            {
                var jobId = await add.HandleAsync(new Command(body?.JobId, body?.Name), cancellationToken);
                return TypedResults.Created("/api/v1/sandbox-erp/jobs", new ApiResult(jobId, body?.Name?.Trim() ?? ""));
            })
            .WithName("AddSandboxErpJob")
            .RequireAuthorization(Permissions.ConfigureErpConnection)
            .WithTags("Sandbox ERP")
            .WithSummary("Add a job to the company's Sandbox ERP, standing in for creating it in the ERP itself; then link a project to it. Needs an ERP Integrations Admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
