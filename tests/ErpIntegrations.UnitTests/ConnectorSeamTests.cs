using System.Reflection;
using System.Text.RegularExpressions;

namespace ErpIntegrations.UnitTests;

// The web project talks to every ERP through the connector contract (ErpIntegrations.Connectors): only AppSetup.cs
// registers the connectors, so a new connector is a project of its own and one line of registration. Generated
// migrations are history and left out.
public sealed partial class ConnectorSeamTests
{
    private const string Web = "src/ErpIntegrations.Web";
    private const string Registration = "AppSetup.cs";

    private static readonly string[] KnownConnectors = ["ErpIntegrations.Connectors.Sandbox", "ErpIntegrations.Connectors.Tryton", "ErpIntegrations.Connectors.External"];

    [Fact]
    public void OnlyAppSetup_NamesAConnectorImplementation()
    {
        // One regex per name, built once: built afresh for every line (the static cache holds 15) they took half a minute.
        var names = ForbiddenNames().Select(name => (Name: name, Pattern: new Regex($@"\b{Regex.Escape(name)}\b"))).ToList();
        var offences = (
            from file in WebSources()
            where Path.GetFileName(file) != Registration
            from line in File.ReadLines(file).Select((text, index) => (Text: text, Number: index + 1))
            from name in names
            where name.Pattern.IsMatch(line.Text)
            select $"{Path.GetRelativePath(RepositoryRoot(), file)}:{line.Number} names {name.Name}").ToList();

        offences.ShouldBeEmpty(
            "Reach a connector through the contract (IErpConnector, IErpLedger, ErpConnectors, CurrentErp); only AppSetup.cs may name its project:"
            + Environment.NewLine + string.Join(Environment.NewLine, offences));
    }

    [Fact]
    public void TheCheck_FindsTheRegistrationInAppSetup()
    {
        var appSetup = File.ReadAllText(Path.Combine(RepositoryRoot(), Web, Registration));
        var names = ForbiddenNames();

        foreach (var connector in KnownConnectors)
        {
            appSetup.ShouldContain($"using {connector};");
        }

        names.ShouldContain("SandboxErpServiceCollectionExtensions");
        names.ShouldContain("TrytonServiceCollectionExtensions");
        names.ShouldContain("ExternalServiceCollectionExtensions");
        names.Where(n => Regex.IsMatch(appSetup, $@"\b{Regex.Escape(n)}\b")).ShouldNotBeEmpty();
    }

    // Every connector project the web project references (the two known ones at least), and each public type in it.
    private static List<string> ForbiddenNames()
    {
        var project = File.ReadAllText(Path.Combine(RepositoryRoot(), Web, "ErpIntegrations.Web.csproj"));
        var connectors = ConnectorReference().Matches(project).Select(m => m.Groups[1].Value).Concat(KnownConnectors).Distinct().ToList();
        return [.. connectors.Concat(connectors
            .SelectMany(c => Assembly.Load(c).GetExportedTypes())
            .Select(t => t.Name.Split('`')[0]))
            .Distinct()];
    }

    private static IEnumerable<string> WebSources()
    {
        var root = Path.Combine(RepositoryRoot(), Web);
        string[] generated = [Path.Combine(root, "bin"), Path.Combine(root, "obj"), Path.Combine(root, "Data", "Migrations")];
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !generated.Any(g => f.StartsWith(g + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .ToList();
        files.Count.ShouldBeGreaterThan(50, $"the web project's sources under {root}");
        return files;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ErpIntegrations.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ErpIntegrations.slnx above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"Include=""[^""]*?(ErpIntegrations\.Connectors\.\w+)\.csproj""")]
    private static partial Regex ConnectorReference();
}
