using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Connectors.Sandbox;

public static class SandboxErpServiceCollectionExtensions
{
    public const string ConnectorName = "Sandbox";

    // Returns the options' builder for the caller to bind (section Erp:Sandbox).
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
