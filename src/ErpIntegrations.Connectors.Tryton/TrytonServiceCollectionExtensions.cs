using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;

namespace ErpIntegrations.Connectors.Tryton;

/// <summary>Registers the Tryton connector.</summary>
public static class TrytonServiceCollectionExtensions
{
    /// <summary>The connector name companies store to use Tryton.</summary>
    public const string ConnectorName = "Tryton";

    /// <summary>The name of the <see cref="HttpClient"/> the connector calls Tryton with.</summary>
    public const string HttpClientName = "ErpIntegrations.Connectors.Tryton";

    /// <summary>Adds the Tryton connector factory and its HTTP client.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Settings shared by every company's Tryton connection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddTrytonConnector(this IServiceCollection services, TrytonConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Erp:Tryton:RequestTimeout must be longer than zero.");
        }

        services.AddSingleton(options);
        services.AddSingleton<TrytonSessions>();

        // A time-out per call and nothing more: retrying is the exporter's job, with its durable schedule.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("tryton", pipeline => pipeline.AddTimeout(options.RequestTimeout));
        services.AddSingleton<ITrytonConnectorFactory, TrytonConnectorFactory>();
        services.AddKeyedSingleton<IErpConnectorFactory>(ConnectorName, (provider, _) => provider.GetRequiredService<ITrytonConnectorFactory>());
        return services;
    }
}

internal sealed class TrytonConnectorFactory(IHttpClientFactory httpClients, TrytonSessions sessions, TrytonConnectorOptions options, ILoggerFactory loggers) : ITrytonConnectorFactory
{
    public IErpConnector Create(string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Length == 0)
        {
            return new TrytonConnector(null, "The Tryton connection is not set up: enter the server's URL, database, user name and password.");
        }

        TrytonSettings settings;
        try
        {
            settings = TrytonSettings.FromConnectionString(connection);
        }
        catch (FormatException ex)
        {
            return new TrytonConnector(null, ex.Message);
        }

        return Create(settings);
    }

    public ITrytonConnector Create(TrytonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        return problems.Count > 0
            ? new TrytonConnector(null, string.Join(" ", problems))
            : new TrytonConnector(new TrytonRpc(httpClients.CreateClient(TrytonServiceCollectionExtensions.HttpClientName), sessions, settings, options, loggers.CreateLogger<TrytonRpc>()), null);
    }
}
