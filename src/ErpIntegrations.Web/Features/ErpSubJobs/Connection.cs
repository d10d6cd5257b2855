namespace ErpIntegrations.Web.Features.ErpSubJobs;

public static class Connection
{
    // DisplayName: the ERP's name, as in "Export to [ERP System]".
    public sealed record Result(string Connector, string DisplayName, bool SupportsSubJobs, int MaxCodeLength, int MaxDescriptionLength, bool CanListSubJobs);

    internal sealed class Handler(CurrentErp currentErp)
    {
        public async Task<Result> HandleAsync(CancellationToken cancellationToken)
        {
            var company = await currentErp.CompanyAsync(cancellationToken);
            var erp = await currentErp.CapabilitiesAsync(cancellationToken);
            return new Result(company.Connector, erp.DisplayName, erp.SupportsSubJobs, erp.MaxCodeLength, erp.MaxDescriptionLength, erp.CanListSubJobs);
        }
    }

    internal static void MapEndpoint(RouteGroupBuilder api) =>
        api.MapGet("/erp/connection", (Handler handler, CancellationToken cancellationToken) => handler.HandleAsync(cancellationToken))
            .WithName("GetErpConnection")
            .RequireAuthorization(Permissions.SignedIn)
            .WithTags("ERP Integrations")
            .WithSummary("The connected ERP's name and capabilities (supports sub jobs, length limits, can list its sub jobs).");
}
