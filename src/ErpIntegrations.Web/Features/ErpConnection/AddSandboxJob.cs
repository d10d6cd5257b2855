using System.Text.RegularExpressions;
using ErpIntegrations.Connectors.Sandbox;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.ErpConnection;

// Adds a job to the company's Sandbox ERP ledger, standing in for someone creating it in the ERP itself: the
// Sandbox ERP is the demo ERP and has no screens of its own for this. A real ERP lists the jobs it already has.
internal static partial class AddSandboxJob
{
    internal sealed record Command(string? JobId, string? Name);

    internal sealed class Handler(CurrentErp currentErp, SandboxErpStore store)
    {
        public async Task<string> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var company = await currentErp.CompanyAsync(cancellationToken);
            if (!company.IsSandbox)
            {
                throw new DomainRuleException("The company is not connected to the Sandbox ERP; create jobs in your ERP itself.");
            }

            var errors = new InputErrors();
            var jobId = errors.Text("JobId", command.JobId, "the job ID", Project.MaxErpJobIdLength);
            var name = errors.Text("JobName", command.Name, "the job's name", Project.MaxNameLength);
            if (jobId.Length > 0 && !JobIdPattern().IsMatch(jobId))
            {
                errors.Add("JobId", "Use only letters, digits and hyphens in the job ID.");
            }
            else if (jobId.Length > 0 && (await (await currentErp.ConnectorAsync(cancellationToken)).ListJobsAsync(cancellationToken)).Any(j => j.JobId == jobId))
            {
                errors.Add("JobId", $"The Sandbox ERP already has job {jobId}.");
            }

            errors.ThrowIfAny();
            await store.AddJobAsync(company.Connection, jobId, name, cancellationToken);
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
