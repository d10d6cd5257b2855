using ErpIntegrations.Connectors.Sandbox;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.SandboxErp;

// The Sandbox ERP's own read-only view of the company's ledger: where a person "logs into the ERP" to
// verify that an export arrived. It reads the Sandbox ERP's store, not ERP Integrations' database.
public static class Ledger
{
    // IsSandbox is false when the company is connected to another ERP; then there is no ledger.
    public sealed record Result(bool IsSandbox, string Ledger, IReadOnlyList<SandboxJobView> Jobs);

    internal sealed class Handler(CurrentUser currentUser, CurrentErp currentErp, SandboxErpStore store)
    {
        public async Task<Result> HandleAsync(CancellationToken cancellationToken)
        {
            var actor = await currentUser.GetActorAsync(cancellationToken);

            var company = await currentErp.CompanyAsync(cancellationToken);
            if (!company.IsSandbox)
            {
                return new Result(false, "", []);
            }

            return new Result(true, company.Connection, await store.ListLedgerAsync(company.Connection, cancellationToken));
        }
    }

    internal sealed record ApiSubJob(string RecordId, string ErpJobId, string Description, string? Reference, IReadOnlyList<string> CostCodes, DateTime CreatedAt);

    internal sealed record ApiJob(string JobId, string Name, IReadOnlyList<ApiSubJob> SubJobs);

    internal sealed record ApiLedger(string Ledger, IReadOnlyList<ApiJob> Items);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/sandbox-erp/jobs", async (Handler handler, CancellationToken cancellationToken) =>
            {
                var result = await handler.HandleAsync(cancellationToken);
                if (!result.IsSandbox)
                {
                    throw new NotFoundException("The Sandbox ERP ledger (the company is connected to another ERP)");
                }

                return new ApiLedger(result.Ledger, [.. result.Jobs.Select(j => new ApiJob(
                    j.JobId,
                    j.Name,
                    [.. j.SubJobs.Zip(j.CreatedAt, (s, at) => new ApiSubJob(s.RecordId, s.ErpSubJobId, s.Description, s.Reference, s.CostCodes, DateTime.SpecifyKind(at, DateTimeKind.Utc)))]))]);
            })
            .WithName("ListSandboxErpJobs")
            .RequireAuthorization(Permissions.ViewSandboxErp)
            .WithTags("Sandbox ERP")
            .WithSummary("The Sandbox ERP's ledger as the ERP itself holds it: its jobs and their sub jobs, to verify an export.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
