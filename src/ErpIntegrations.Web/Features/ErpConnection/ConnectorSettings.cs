using System.Text.Json.Serialization;
using ErpIntegrations.Connectors;

namespace ErpIntegrations.Web.Features.ErpConnection;

// What may be shown of a connector's settings: its fields, the values that are not secret, and which secrets are
// set — never a secret's value.
internal static class ConnectorSettings
{
    // One setting a form asks for. Kind: text, url or secret.
    internal sealed record Field(string Name, string Label, ErpSettingKind Kind, bool IsRequired, int MaxLength, string? Hint)
    {
        [JsonIgnore]
        public bool IsSecret => Kind == ErpSettingKind.Secret;
    }

    public static IReadOnlyList<Field> Fields(IErpConnectorFactory factory) =>
        [.. factory.Settings.Select(f => new Field(f.Name, f.Label, f.Kind, f.IsRequired, f.MaxLength, f.Hint))];

    public static IReadOnlyDictionary<string, string> Shown(IErpConnectorFactory factory, ErpSettingValues values) =>
        factory.Settings.Where(f => !f.IsSecret && values[f.Name].Length > 0).ToDictionary(f => f.Name, f => values[f.Name]);

    public static IReadOnlyList<string> SecretsSet(IErpConnectorFactory factory, ErpSettingValues values) =>
        [.. factory.Settings.Where(f => f.IsSecret && values[f.Name].Length > 0).Select(f => f.Name)];

    // "Server URL: http://tryton:8000/, Database: erp, User name: admin, Password: set", for messages.
    public static string Describe(IErpConnectorFactory factory, ErpSettingValues values) =>
        string.Join(", ", factory.Settings
            .Where(f => f.IsSecret || values[f.Name].Length > 0)
            .Select(f => $"{f.Label}: {(f.IsSecret ? (values[f.Name].Length > 0 ? "set" : "not set") : values[f.Name])}"));
}
