using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ErpIntegrations.Connectors.Tryton.Tests.Infrastructure;

/// <summary>A trytond process serving every database file of one directory on a free loopback port.</summary>
public sealed class TrytonServer : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string _directory;
    private Process? _process;

    private TrytonServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    private string LogPath => Path.Combine(_directory, $"trytond-{Port}.log");

    public static async Task<TrytonServer> StartAsync(string directory)
    {
        var server = new TrytonServer(directory, FreePort());
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        var config = Path.Combine(_directory, $"trytond-{Port}.conf");
        await File.WriteAllTextAsync(config, TrytonFixture.Config(_directory, Port));

        // exec: the shell becomes trytond, so the process we hold is the server itself and stopping it stops the server.
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"exec trytond -c '{config}' >> '{LogPath}' 2>&1" } };
        _process = Process.Start(start)!;
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(90); await Task.Delay(200))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"trytond stopped at start-up:\n{await File.ReadAllTextAsync(LogPath)}");
            }

            try
            {
                using var content = new StringContent("""{"id":0,"method":"common.server.version","params":[]}""", Encoding.UTF8, "application/json");
                using var response = await Http.PostAsync(Url, content);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
        }

        throw new InvalidOperationException($"trytond did not answer on {Url} within 90 s:\n{await File.ReadAllTextAsync(LogPath)}");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
