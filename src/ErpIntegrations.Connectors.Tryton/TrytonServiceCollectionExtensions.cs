using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    /// <returns>The options' builder, for the caller to bind (section <c>Erp:Tryton</c>); they are checked at start-up.</returns>
    public static OptionsBuilder<TrytonConnectorOptions> AddTrytonConnector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<TrytonSessions>();

        // A time-out per call and nothing more: retrying is the exporter's job, with its durable schedule.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("tryton", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<TrytonConnectorOptions>>().Value.RequestTimeout));
        services.AddSingleton<ITrytonConnectorFactory, TrytonConnectorFactory>();
        services.AddKeyedSingleton<IErpConnectorFactory>(ConnectorName, (provider, _) => provider.GetRequiredService<ITrytonConnectorFactory>());
        return services.AddOptions<TrytonConnectorOptions>().ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>Adds the Tryton connector with fixed options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Settings shared by every company's Tryton connection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddTrytonConnector(this IServiceCollection services, TrytonConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddTrytonConnector().Configure(o => o.RequestTimeoutSeconds = options.RequestTimeoutSeconds);
        return services;
    }
}

internal sealed class TrytonConnectorFactory(IHttpClientFactory httpClients, TrytonSessions sessions, IOptions<TrytonConnectorOptions> options, ILoggerFactory loggers) : ITrytonConnectorFactory
{
    private const string Url = "url";
    private const string Database = "database";
    private const string Username = "username";
    private const string Password = "password";
    private const string JobsRootCode = "jobsRootCode";

    public string DisplayName => TrytonConnector.DisplayName;

    public IReadOnlyList<ErpSettingField> Settings { get; } =
    [
        new(Url, "Server URL", ErpSettingKind.Url, MaxLength: 500, Hint: "The address of the Tryton server, for example http://tryton.example.com:8000/."),
        new(Database, "Database", MaxLength: 100, Hint: "The Tryton database that holds the company's books."),
        new(Username, "User name", MaxLength: 100, Hint: "A Tryton user allowed to read and create analytic accounts in the company."),
        new(Password, "Password", ErpSettingKind.Secret, MaxLength: 200, Hint: "That user's password. It is stored encrypted and never shown again."),
        new(JobsRootCode, "Jobs' root account code", IsRequired: false, MaxLength: 100, Hint: "Optional: the code of the analytic root account whose view accounts are the jobs. Empty: the view accounts under every analytic root."),
    ];

    public IReadOnlyList<ErpSettingProblem> Validate(ErpSettingValues settings) => FromValues(settings).Problems();

    public string WriteConnection(ErpSettingValues settings, Guid companyId) => (FromValues(settings) with { Password = "" }).ToConnectionString();

    public ErpSettingValues ReadConnection(string connection)
    {
        var settings = TrytonSettings.FromConnectionString(connection);
        return new([
            new(Url, settings.Url),
            new(Database, settings.Database),
            new(Username, settings.Username),
            new(Password, settings.Password.Length == 0 ? null : settings.Password),
            new(JobsRootCode, settings.JobsRootCode),
        ]);
    }

    public IErpConnector Create(ErpSettingValues settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Count == 0
            ? Create("")
            : Create(FromValues(settings));
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
            : new TrytonConnector(new TrytonRpc(httpClients.CreateClient(TrytonServiceCollectionExtensions.HttpClientName), sessions, settings, options.Value, loggers.CreateLogger<TrytonRpc>()), null);
    }

    private static TrytonSettings FromValues(ErpSettingValues settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var root = settings[JobsRootCode].Trim();
        return new TrytonSettings(settings[Url].Trim(), settings[Database].Trim(), settings[Username].Trim(), settings[Password], root.Length == 0 ? null : root);
    }
}
