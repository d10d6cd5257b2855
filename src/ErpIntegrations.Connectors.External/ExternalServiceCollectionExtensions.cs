using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.Connectors.External;

/// <summary>Registers the External connector: any ERP, written by an integrator through the connector API.</summary>
public static class ExternalServiceCollectionExtensions
{
    /// <summary>The connector name companies store to use an External ERP.</summary>
    public const string ConnectorName = "External";

    /// <summary>Adds the External connector factory; the application provides <see cref="IErpIntegratorReports"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddExternalConnector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKeyedSingleton<IErpConnectorFactory, ExternalConnectorFactory>(ConnectorName);
        return services;
    }
}

internal sealed class ExternalConnectorFactory(IErpIntegratorReports reports) : IErpConnectorFactory
{
    public string DisplayName => "External (any ERP, through an integrator)";

    public IReadOnlyList<ErpSettingField> Settings { get; } =
    [
        new(ExternalSettings.Name(ExternalSettings.DisplayNameKey), "ERP name", MaxLength: 50, Hint: "The ERP's name as people know it, e.g. Vista: buttons say \"Export to Vista\"."),
        new(ExternalSettings.Name(ExternalSettings.MaxLengthKey), "ERP Job ID maximum length", IsRequired: false, MaxLength: 3, Hint: $"The longest ERP Job ID the ERP takes, 1 to {ExternalSettings.MostMaxLength}; empty: {ExternalSettings.DefaultMaxLength}."),
        new(ExternalSettings.Name(ExternalSettings.PatternKey), "ERP Job ID pattern", IsRequired: false, MaxLength: 200, Hint: "Optional: a regular expression every ERP Job ID must match, e.g. ^[A-Z0-9-]+$."),
        new(ExternalSettings.Name(ExternalSettings.CaseKey), "ERP Job ID case", IsRequired: false, MaxLength: 5, Hint: "any, upper or lower; empty: any."),
        new(ExternalSettings.Name(ExternalSettings.WebhookUrlKey), "Webhook URL", ErpSettingKind.CallbackUrl, IsRequired: false, MaxLength: 500, Hint: "Optional: an https:// address that is told of every new ERP request, signed with the webhook secret."),
        new(ExternalSettings.Name(ExternalSettings.WebhookSecretKey), "Webhook secret", ErpSettingKind.Secret, IsRequired: false, MaxLength: 200, Hint: "Generate one with Rotate webhook secret; it is shown once and stored encrypted."),
    ];

    public IReadOnlyList<ErpSettingProblem> Validate(ErpSettingValues settings)
    {
        ExternalSettings.From(settings, out var problems);
        return problems;
    }

    public string WriteConnection(ErpSettingValues settings, Guid companyId) =>
        (ExternalSettings.From(settings, out _) with { CompanyId = companyId, WebhookSecret = "" }).ToConnectionString();

    public ErpSettingValues ReadConnection(string connection) => ExternalSettings.ReadConnection(connection);

    public IErpConnector Create(ErpSettingValues settings)
    {
        var read = ExternalSettings.From(settings, out var problems);
        var problem = read.CompanyId == Guid.Empty
            ? "The External connection is not set up: enter the ERP's name on the ERP Connection page."
            : problems.Count > 0 ? string.Join(" ", problems.Select(p => p.Message)) : null;
        return new ExternalConnector(read, reports, problem);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
