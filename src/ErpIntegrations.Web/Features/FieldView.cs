namespace ErpIntegrations.Web.Features;

/// <summary>One labelled input with its hint and the validation message beside it (Shared/_Field).</summary>
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
