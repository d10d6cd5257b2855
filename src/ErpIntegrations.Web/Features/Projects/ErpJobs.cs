using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Projects;

// The jobs the connected ERP lists, each with the project already linked to it: what a project can be linked to.
internal static class ErpJobs
{
    internal sealed record Option(string JobId, string Name, string? LinkedTo);

    internal sealed record Result(string ErpName, IReadOnlyList<Option> Items);

    internal sealed class Handler(AppDbContext db, CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(CancellationToken cancellationToken)
        {
            var erp = await currentErp.ConnectorAsync(cancellationToken);
            return new Result(erp.Capabilities.DisplayName, await OptionsAsync(db, erp, exceptProjectId: null, cancellationToken));
        }
    }

    public static async Task<IReadOnlyList<Option>> OptionsAsync(AppDbContext db, IErpConnector erp, Guid? exceptProjectId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ErpJob> jobs = await erp.ListJobsAsync(cancellationToken);
        var links = await db.Projects.AsNoTracking()
            .Where(p => p.ErpJobId != null && p.Id != exceptProjectId)
            .Select(p => new { p.ErpJobId, Label = p.Number + " " + p.Name })
            .ToListAsync(cancellationToken);
        return [.. jobs.Select(j => new Option(j.JobId, j.Name, links.FirstOrDefault(l => l.ErpJobId == j.JobId)?.Label))];
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/jobs", (Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(cancellationToken))
            .WithName("ListErpJobs")
            .RequireAuthorization(Permissions.ManageProjects)
            .WithTags("Projects")
            .WithSummary("The jobs the connected ERP lists, with the project linked to each: what PUT /api/v1/projects/{id}/erp-job accepts. Needs a Directory Admin or an ERP Integrations Admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
