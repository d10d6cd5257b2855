using ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Tryton;

/// <summary>
/// The web app against a real trytond: the Tryton connector tests' fixture (Debian's Tryton, one database initialised
/// once, one server), set up at the first test of this collection only. Its tests run one after another; each works
/// under an analytic root of its own (<see cref="TrytonBooks"/>), so none sees another's jobs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TrytonCollection : ICollectionFixture<TrytonFixture>
{
    public const string Name = "Tryton";
}
