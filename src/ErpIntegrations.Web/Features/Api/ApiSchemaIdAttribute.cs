namespace ErpIntegrations.Web.Features.Api;

// Pins the OpenAPI schema id of a type that moved out of the use case that first declared it: clients generate
// code against the id, so a C# move must not rename it.
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class ApiSchemaIdAttribute(string id) : Attribute
{
    public string Id { get; } = id;
}
