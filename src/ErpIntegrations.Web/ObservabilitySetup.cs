using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Observability;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using IPNetwork = System.Net.IPNetwork;

namespace ErpIntegrations.Web;

// Metrics and traces (OpenTelemetry), the Prometheus scrape endpoint and the health probes.
internal static class ObservabilitySetup
{
    private const string Ready = "ready";

    public static void AddObservability(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        services.AddSingleton<ExportMetrics>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready])
            .AddCheck<ExporterHealthCheck>("exporter", tags: [Ready])
            .AddCheck<ErpReachableHealthCheck>("erp", failureStatus: HealthStatus.Degraded, tags: [Ready]);

        var prometheus = MetricsEnabled(config);
        var otlp = !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!prometheus && !otlp)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("erp-integrations"))
            .WithMetrics(m =>
            {
                m.AddMeter(ExportMetrics.MeterName, "Microsoft.EntityFrameworkCore", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (prometheus)
                {
                    m.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddEntityFrameworkCoreInstrumentation())
                .UseOtlpExporter();
        }
    }

    public static void MapObservability(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Name == "database" }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).AllowAnonymous();
        if (!MetricsEnabled(app.Configuration))
        {
            return;
        }

        var allowed = AllowedNetworks(app.Configuration);
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
        {
            if (context.Connection.RemoteIpAddress is not { } address || !allowed.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            return next(context);
        }), optionsName: null).AllowAnonymous();
    }

    private static bool MetricsEnabled(IConfiguration config) => config.GetValue("App:Metrics:Enabled", false);

    private static IReadOnlyList<IPNetwork> AllowedNetworks(IConfiguration config)
    {
        var section = config.GetSection("App:Metrics:AllowedNetworks");
        var values = section.Value is { } single
            ? single.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        return values.Length == 0
            ? [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")]
            : [.. values.Select(IPNetwork.Parse)];
    }
}
