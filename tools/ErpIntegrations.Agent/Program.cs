using ErpIntegrations.Agent;

// The reference agent for ERP Integrations' connector API:
//   dotnet run --project tools/ErpIntegrations.Agent -- --url http://localhost:5080 --credential erpc_… --ledger ledger.db
// (or ERP_INTEGRATIONS_URL, ERP_INTEGRATIONS_CREDENTIAL, AGENT_LEDGER). --once claims once and exits.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length && !args[p.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[p.i + 1] : "", StringComparer.OrdinalIgnoreCase);
string Setting(string name, string variable, string? fallback = null) =>
    options.GetValueOrDefault(name) is { Length: > 0 } value ? value
    : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } env ? env
    : fallback ?? throw new ArgumentException($"Give --{name} or set {variable}.");

try
{
    var url = Setting("url", "ERP_INTEGRATIONS_URL", "http://localhost:5080");
    var http = new HttpClient { BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/") };
    var agent = new ReferenceAgent(new ConnectorClient(http, Setting("credential", "ERP_INTEGRATIONS_CREDENTIAL")), new Ledger(Setting("ledger", "AGENT_LEDGER", "ledger.db")))
    {
        Log = Console.Out,
    };
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    if (options.ContainsKey("once"))
    {
        await agent.RunOnceAsync(stop.Token);
    }
    else
    {
        Console.WriteLine($"Claiming ERP requests from {url}; Ctrl+C stops.");
        await agent.RunAsync(stop.Token);
    }

    return 0;
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
catch (OperationCanceledException)
{
    return 0;
}
