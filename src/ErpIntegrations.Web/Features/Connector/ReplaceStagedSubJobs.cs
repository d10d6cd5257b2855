using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Connector;

// Sub jobs that exist only in the ERP, per job, as the integrator reports them: they replace the previous list in one
// transaction and are offered under Ready to Import, to be added to the project linked to their job.
internal static class ReplaceStagedSubJobs
{
    public const int MaxItems = 10_000;
    public const int MaxCostCodes = 50;

    internal sealed record Item(string? JobErpId, string? ErpSubJobId, string? Description, IReadOnlyList<string?>? CostCodes);

    internal sealed record Body(IReadOnlyList<Item?>? Items);

    internal sealed record Result(int Count);

    internal sealed class Handler(AppDbContext db, CurrentCompany company)
    {
        public async Task<Result> HandleAsync(Body? body, CancellationToken cancellationToken)
        {
            var errors = new InputErrors();
            var subJobs = new List<IntegratorSubJob>();
            var companyId = company.Id!.Value;
            if (body?.Items is not { } items)
            {
                errors.Add("items", "Send items: the sub jobs only the ERP holds, each with jobErpId, erpSubJobId, description and costCodes (an empty list removes them all).");
            }
            else if (items.Count > MaxItems)
            {
                errors.Add("items", $"Send at most {MaxItems} sub jobs at a time.");
            }
            else
            {
                var seen = new HashSet<(string, string)>();
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    var job = errors.Text($"items[{i}].jobErpId", item?.JobErpId, "the job's ERP id", Project.MaxErpJobIdLength);
                    var id = errors.Text($"items[{i}].erpSubJobId", item?.ErpSubJobId, "the sub job's ERP Job ID", 100);
                    var description = errors.Text($"items[{i}].description", item?.Description, "the description", 500);
                    var costCodes = new List<string>();
                    if (item?.CostCodes is { } codes)
                    {
                        if (codes.Count > MaxCostCodes)
                        {
                            errors.Add($"items[{i}].costCodes", $"A sub job carries at most {MaxCostCodes} cost codes.");
                        }
                        else
                        {
                            for (var c = 0; c < codes.Count; c++)
                            {
                                costCodes.Add(errors.Code($"items[{i}].costCodes[{c}]", codes[c], "the cost code", 30, ErpCodes.CostCodeSeparators));
                            }
                        }
                    }

                    if (job.Length > 0 && id.Length > 0 && !seen.Add((job.ToUpperInvariant(), id.ToUpperInvariant())))
                    {
                        errors.Add($"items[{i}].erpSubJobId", $"Sub job {id} of job {job} is listed twice.");
                    }

                    subJobs.Add(new IntegratorSubJob(companyId, job, id, description, costCodes));
                }
            }

            errors.ThrowIfAny();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.IntegratorSubJobs.ExecuteDeleteAsync(cancellationToken);
            db.IntegratorSubJobs.AddRange(subJobs);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new Result(subJobs.Count);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder connector) =>
        connector.MapPut("/staged-sub-jobs", (Body? body, Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(body, cancellationToken))
            .WithName("ReplaceConnectorStagedSubJobs")
            .WithSummary("Report the sub jobs that exist only in the ERP (Ready to Import), replacing the previous list in one transaction.")
            .WithDescription($"items: at most {MaxItems}, each {{jobErpId, erpSubJobId, description, costCodes}} with at most {MaxCostCodes} cost codes; "
                + "a sub job once per job. Nothing is changed when any item is wrong.")
            .ProducesValidationProblem();
}
