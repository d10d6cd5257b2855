using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Connectors.Sandbox;

/// <summary>Registers the Sandbox ERP.</summary>
public static class SandboxErpServiceCollectionExtensions
{
    /// <summary>The connector name companies store to use the Sandbox ERP.</summary>
    public const string ConnectorName = "Sandbox";

    /// <summary>Adds the Sandbox ERP's store and its connector factory, with its options validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder of the Sandbox ERP's options, to bind them (section <c>Erp:Sandbox</c>).</returns>
    public static OptionsBuilder<SandboxErpOptions> AddSandboxErpConnector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<SandboxErpStore>();
        services.AddSingleton<SandboxErpFaults>();
        services.AddKeyedSingleton<IErpConnectorFactory, SandboxErpConnectorFactory>(ConnectorName);
        return services.AddOptions<SandboxErpOptions>().ValidateDataAnnotations().ValidateOnStart();
    }
}

internal sealed class SandboxErpConnectorFactory(SandboxErpStore store, IOptions<SandboxErpOptions> options, SandboxErpFaults faults, TimeProvider time) : IErpConnectorFactory
{
    public IErpConnector Create(string connection) => new SandboxErpConnector(store, options.Value, faults, time, connection);
}
