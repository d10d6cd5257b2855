namespace ErpIntegrations.Web.Domain;

/// <summary>A rule of the domain refused an action; the message tells the person what to do instead.</summary>
public sealed class DomainRuleException(string message) : Exception(message);
