using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.Connectors.Sandbox;

/// <summary>Registers the Sandbox ERP.</summary>
public static class SandboxErpServiceCollectionExtensions
{
    /// <summary>The connector name companies store to use the Sandbox ERP.</summary>
    public const string ConnectorName = "Sandbox";

    /// <summary>Adds the Sandbox ERP's store and its connector factory.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The Sandbox ERP's settings.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddSandboxErpConnector(this IServiceCollection services, SandboxErpOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentOutOfRangeException.ThrowIfNegative(options.LatencyMilliseconds);
        if (options.TransientFaultRate is < 0 or > 1 || options.PermanentFaultRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Erp:Sandbox fault rates must lie between 0 and 1.");
        }

        services.AddSingleton(options);
        services.AddSingleton<SandboxErpStore>();
        services.AddKeyedSingleton<IErpConnectorFactory, SandboxErpConnectorFactory>(ConnectorName);
        return services;
    }
}

internal sealed class SandboxErpConnectorFactory(SandboxErpStore store, SandboxErpOptions options, TimeProvider time) : IErpConnectorFactory
{
    public IErpConnector Create(string connection) => new SandboxErpConnector(store, options, time, connection);
}
