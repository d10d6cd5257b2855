using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Connector;

// The ERP's jobs, as the integrator reports them: they replace the previous list in one transaction, and projects are
// linked to them.
internal static class ReplaceJobs
{
    public const int MaxItems = 10_000;

    internal sealed record Item(string? ErpJobId, string? Name);

    internal sealed record Body(IReadOnlyList<Item?>? Items);

    internal sealed record Result(int Count);

    internal sealed class Handler(AppDbContext db, CurrentCompany company)
    {
        public async Task<Result> HandleAsync(Body? body, CancellationToken cancellationToken)
        {
            var errors = new InputErrors();
            var jobs = new List<IntegratorJob>();
            var companyId = company.Id!.Value;
            if (body?.Items is not { } items)
            {
                errors.Add("items", "Send items: the ERP's jobs, each with erpJobId and name (an empty list removes them all).");
            }
            else if (items.Count > MaxItems)
            {
                errors.Add("items", $"Send at most {MaxItems} jobs at a time.");
            }
            else
            {
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < items.Count; i++)
                {
                    var id = errors.Text($"items[{i}].erpJobId", items[i]?.ErpJobId, "the job's ERP id", Project.MaxErpJobIdLength);
                    var name = errors.Text($"items[{i}].name", items[i]?.Name, "the job's name", IntegratorJob.MaxNameLength);
                    if (id.Length > 0 && !seen.Add(id))
                    {
                        errors.Add($"items[{i}].erpJobId", $"Job {id} is listed twice.");
                    }

                    jobs.Add(new IntegratorJob(companyId, id, name));
                }
            }

            errors.ThrowIfAny();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.IntegratorJobs.ExecuteDeleteAsync(cancellationToken);
            db.IntegratorJobs.AddRange(jobs);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new Result(jobs.Count);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder connector) =>
        connector.MapPut("/jobs", (Body? body, Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(body, cancellationToken))
            .WithName("ReplaceConnectorJobs")
            .WithSummary("Report the ERP's jobs, replacing the previous list in one transaction; projects are linked to them.")
            .WithDescription($"items: at most {MaxItems}, each {{erpJobId, name}}; an ERP id once only (case-insensitive). Nothing is changed when any item is wrong.")
            .ProducesValidationProblem();
}
