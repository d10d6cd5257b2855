using ErpIntegrations.Connectors;

namespace ErpIntegrations.Web.Features.SandboxErp;

// The ERP's own read-only view of the company's ledger, where a person "logs into the ERP" to verify that an export
// arrived. Only a connector that keeps its ledger inside ERP Integrations offers one (the Sandbox ERP); a real ERP is
// checked in the ERP itself.
public static class Ledger
{
    // HasLedger is false when the company's ERP keeps its books elsewhere; then Ledger is empty and Jobs too.
    public sealed record Result(string ErpName, bool HasLedger, string Ledger, IReadOnlyList<ErpLedgerJob> Jobs)
    {
        public string NoLedger => $"{ErpName}, your company's ERP, keeps its books outside ERP Integrations, so there is no ledger to show here: verify exports in {ErpName} itself.";
    }

    internal sealed class Handler(CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(CancellationToken cancellationToken)
        {
            var erpName = (await currentErp.CapabilitiesAsync(cancellationToken)).DisplayName;
            if (await currentErp.LedgerAsync(cancellationToken) is not { } ledger)
            {
                return new Result(erpName, false, "", []);
            }

            var company = await currentErp.CompanyAsync(cancellationToken);
            return new Result(erpName, true, company.Connection, await ledger.ListAsync(cancellationToken));
        }
    }

    internal sealed record ApiSubJob(string RecordId, string ErpJobId, string Description, string? Reference, IReadOnlyList<string> CostCodes, DateTime CreatedAt);

    internal sealed record ApiJob(string JobId, string Name, IReadOnlyList<ApiSubJob> SubJobs);

    internal sealed record ApiLedger(string Ledger, IReadOnlyList<ApiJob> Items);

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/sandbox-erp/jobs", async (Handler handler, CancellationToken cancellationToken) =>
            {
                var result = await handler.HandleAsync(cancellationToken);
                if (!result.HasLedger)
                {
                    return TypedResults.Problem(Problems.NotFound(result.NoLedger));
                }

                return (IResult)TypedResults.Ok(new ApiLedger(result.Ledger, [.. result.Jobs.Select(j => new ApiJob(
                    j.JobId,
                    j.Name,
                    [.. j.SubJobs.Select(s => new ApiSubJob(s.SubJob.RecordId, s.SubJob.ErpSubJobId, s.SubJob.Description, s.SubJob.Reference, s.SubJob.CostCodes, DateTime.SpecifyKind(s.CreatedAt, DateTimeKind.Utc)))]))]));
            })
            .WithName("ListSandboxErpJobs")
            .RequireAuthorization(Permissions.ViewSandboxErp)
            .WithTags("Sandbox ERP")
            .WithSummary("The ledger of an ERP kept inside ERP Integrations (the Sandbox ERP) as the ERP itself holds it: its jobs and their sub jobs, to verify an export.")
            .WithDescription("A company whose ERP keeps its books elsewhere (Tryton) has no such ledger: 404, saying so.")
            .Produces<ApiLedger>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
