using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ErpIntegrations.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process. It can be stopped and started again on the same port (an
/// outage), and it refuses with 550 any recipient whose address starts with "bounce".
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly Store _store = new();
    private CancellationTokenSource? _running;
    private Task? _serving;

    // The port is fixed for the server's life (a restart after an outage must answer where the app sends), so it is
    // chosen once and bound later. It is drawn below the system's ephemeral range, from which every port-0 listener
    // (Kestrel) and every outgoing connection takes its port, so that none of those takes it in between.
    public SmtpTestServer()
    {
        var belowEphemeral = EphemeralPortsStart();
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(10_000, belowEphemeral);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                Port = port;
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
            }
        }
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => _store.Messages;

    public Dictionary<string, string> AppSettings => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:From"] = "ERP Integrations <erp@demo.test>",
        ["App:PublicBaseUrl"] = "https://erp.demo.test",
    };

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new ServiceProvider();
        services.Add(_store);
        var server = new SmtpServer.SmtpServer(options, services);
        _running = new CancellationTokenSource();
        _serving = server.StartAsync(_running.Token);
        for (var i = 0; i < 100; i++)
        {
            if (_serving.IsFaulted)
            {
                throw new InvalidOperationException($"The test SMTP server could not listen on port {Port}.", _serving.Exception);
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
    }

    private static int EphemeralPortsStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var start) && start > 11_000
            ? start
            : 32_768;
    }

    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _running.CancelAsync();
        try
        {
            await _serving!;
        }
        catch (OperationCanceledException)
        {
        }

        _running.Dispose();
        _running = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (transaction.To.Any(m => m.User.StartsWith("bounce", StringComparison.OrdinalIgnoreCase)))
            {
                return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "Mailbox unavailable: no such user here");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
