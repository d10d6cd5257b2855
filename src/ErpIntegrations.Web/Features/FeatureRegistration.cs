using ErpIntegrations.Web.Features.Api;
using ErpIntegrations.Web.Features.ErpSubJobs;

namespace ErpIntegrations.Web.Features;

internal static class FeatureRegistration
{
    public static IServiceCollection AddFeatureHandlers(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentErp>();
        services.AddSingleton<Setup.SetupCode>();
        services.AddScoped<Directory.SetPasswordLinks>();
        services.AddScoped<ErpConnection.CallbackUrls>();
        var handlers = typeof(FeatureRegistration).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, Name: "Handler", DeclaringType.Namespace: not null }
                && t.DeclaringType.Namespace.StartsWith(typeof(FeatureRegistration).Namespace!, StringComparison.Ordinal));
        foreach (var handler in handlers)
        {
            services.AddScoped(handler);
        }

        return services;
    }

    public static void MapFeatureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapStatusEndpoint();

        var api = app.MapApiGroup();
        Account.CreateToken.MapEndpoint(api);
        Account.ListTokens.MapEndpoint(api);
        Account.RevokeToken.MapEndpoint(api);
        ErpSubJobs.List.MapEndpoint(api);
        ErpSubJobs.Counts.MapEndpoint(api);
        ErpSubJobs.Details.MapEndpoint(api);
        ErpSubJobs.Accept.MapEndpoint(api);
        ErpSubJobs.Reject.MapEndpoint(api);
        ErpSubJobs.Retry.MapEndpoint(api);
        ErpSubJobs.BulkAccept.MapEndpoint(api);
        ErpSubJobs.BulkReject.MapEndpoint(api);
        ErpSubJobs.AddToProject.MapEndpoint(api);
        ErpSubJobs.Connection.MapEndpoint(api);
        SandboxErp.Ledger.MapEndpoint(api);
        Projects.List.MapEndpoint(api);
        ProjectSubJobs.StandardCostCodes.MapEndpoint(api);
        ProjectSubJobs.List.MapEndpoint(api);
        ProjectSubJobs.Create.MapEndpoint(api);
        ProjectSubJobs.Details.MapEndpoint(api);
        ProjectSubJobs.Edit.MapEndpoint(api);
        ProjectSubJobs.SendToErp.MapEndpoint(api);
        ProjectSubJobs.RetrieveFromErp.MapEndpoint(api);
        ProjectSubJobs.SendToErp.MapResendEndpoint(api);
        Directory.List.MapEndpoint(api);
        Directory.GrantApprover.MapEndpoint(api);
        Directory.UserDetails.MapEndpoint(api);
        Directory.AddUser.MapEndpoint(api);
        Directory.ChangeAccess.MapEndpoint(api);
        Directory.SetProjectLevel.MapEndpoint(api);
        Directory.Deactivate.MapEndpoint(api);
        Directory.Reactivate.MapEndpoint(api);
        Directory.SendSetPasswordLink.MapEndpoint(api);
        Projects.Create.MapEndpoint(api);
        Projects.Settings.MapEndpoint(api);
        Projects.Edit.MapEndpoint(api);
        Projects.LinkToErpJob.MapEndpoint(api);
        Projects.UnlinkFromErpJob.MapEndpoint(api);
        Projects.ErpJobs.MapEndpoint(api);
        CostCodes.List.MapEndpoint(api);
        CostCodes.Create.MapEndpoint(api);
        CostCodes.Edit.MapEndpoint(api);
        CostCodes.Deactivate.MapEndpoint(api);
        CostCodes.Reactivate.MapEndpoint(api);
        ErpConnection.Show.MapEndpoint(api);
        ErpConnection.ChangeConnection.MapEndpoint(api);
        ErpConnection.TestConnection.MapEndpoint(api);
        ErpConnection.AddSandboxJob.MapEndpoint(api);
        ErpConnection.ConnectorCredentials.MapEndpoints(api);
        ErpConnection.RotateWebhookSecret.MapEndpoint(api);

        var connector = app.MapConnectorGroup();
        Connector.ListErpRequests.MapEndpoint(connector);
        Connector.GetErpRequest.MapEndpoint(connector);
        Connector.ClaimErpRequests.MapEndpoint(connector);
        Connector.CompleteErpRequest.MapEndpoint(connector);
        Connector.FailErpRequest.MapEndpoint(connector);
        Connector.ReplaceJobs.MapEndpoint(connector);
        Connector.ReplaceStagedSubJobs.MapEndpoint(connector);
    }
}
