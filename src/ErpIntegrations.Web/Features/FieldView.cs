namespace ErpIntegrations.Web.Features;

// ErrorKey: the model state key its errors are under, when not its name (a field named Settings[url] whose use case
// reports settings.url).
public sealed record FieldView(
    string Name,
    string Label,
    string? Value,
    int MaxLength,
    string Type = "text",
    string? Hint = null,
    string? Autocomplete = "off",
    bool Required = true,
    string? Id = null,
    string? ErrorKey = null);
