namespace ErpIntegrations.Web.Domain;

// A rule of the domain refused an action; the message tells the person what to do instead.
public sealed class DomainRuleException(string message) : Exception(message);
