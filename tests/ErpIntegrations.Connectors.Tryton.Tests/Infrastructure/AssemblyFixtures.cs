// One trytond for the whole run. Apart from TrytonFixture.cs so that the integration tests can compile the fixture in
// (as a collection fixture of their own) without this attribute.
[assembly: AssemblyFixture(typeof(ErpIntegrations.Connectors.Tryton.Tests.Infrastructure.TrytonFixture))]
