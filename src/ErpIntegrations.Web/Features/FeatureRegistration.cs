using ErpIntegrations.Web.Features.ErpSubJobs;

namespace ErpIntegrations.Web.Features;

internal static class FeatureRegistration
{
    public static IServiceCollection AddFeatureHandlers(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<Directory.SetPasswordLinks>();
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
    }
}
