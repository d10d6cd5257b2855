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
    public const string LedgerSetting = "ledger";
    private const int MaxLedgerLength = 200;

    public string DisplayName => SandboxErpConnector.DisplayName;

    public IReadOnlyList<ErpSettingField> Settings { get; } =
    [
        new(LedgerSetting, "Ledger", IsRequired: false, MaxLength: MaxLedgerLength, Hint: "The Sandbox ERP ledger to use; leave it empty for a fresh ledger of the company's own."),
    ];

    public IReadOnlyList<ErpSettingProblem> Validate(ErpSettingValues settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ledger = settings[LedgerSetting].Trim();
        if (ledger.Length > MaxLedgerLength)
        {
            return [new(LedgerSetting, $"The ledger can be at most {MaxLedgerLength} characters.")];
        }

        return ledger.Any(char.IsControl) ? [new(LedgerSetting, "The ledger may not hold line breaks, tabs or other control characters.")] : [];
    }

    // A ledger left empty is a fresh one of the company's own, named after it so that no two companies share one.
    public string WriteConnection(ErpSettingValues settings, Guid companyId)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings[LedgerSetting].Trim() is { Length: > 0 } ledger ? ledger : $"company-{companyId:N}";
    }

    public ErpSettingValues ReadConnection(string connection) => new([new(LedgerSetting, connection)]);

    public IErpConnector Create(ErpSettingValues settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SandboxErpConnector(store, options.Value, faults, time, settings[LedgerSetting].Trim());
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => store.EnsureCreatedAsync(cancellationToken);
}
