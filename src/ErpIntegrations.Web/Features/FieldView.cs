namespace ErpIntegrations.Web.Features;

public sealed record FieldView(
    string Name,
    string Label,
    string? Value,
    int MaxLength,
    string Type = "text",
    string? Hint = null,
    string? Autocomplete = "off",
    bool Required = true,
    string? Id = null);
