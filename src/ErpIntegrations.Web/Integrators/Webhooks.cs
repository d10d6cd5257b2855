using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using ErpIntegrations.Web.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ErpIntegrations.Web.Integrators;

// Section Webhooks: how the outbox of integrator events is delivered.
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public bool Enabled { get; set; } = true;

    // Webhook URLs on loopback, private or link-local networks are refused (server-side request forgery) unless this is true.
    public bool AllowPrivateNetworks { get; set; }

    [Range(0.001, 300, ErrorMessage = "Webhooks:TimeoutSeconds must lie between 0.001 and 300.")]
    public double TimeoutSeconds { get; set; } = 5;

    [Range(0.001, 86_400, ErrorMessage = "Webhooks:FirstRetrySeconds must lie between 0.001 and 86400.")]
    public double FirstRetrySeconds { get; set; } = 1;

    [Range(0.001, 86_400, ErrorMessage = "Webhooks:MaxRetrySeconds must lie between 0.001 and 86400.")]
    public double MaxRetrySeconds { get; set; } = 3600;

    [Range(0.001, 8760, ErrorMessage = "Webhooks:GiveUpAfterHours must lie between 0.001 and 8760.")]
    public double GiveUpAfterHours { get; set; } = 12;

    [Range(0.001, 3600, ErrorMessage = "Webhooks:PollSeconds must lie between 0.001 and 3600.")]
    public double PollSeconds { get; set; } = 2;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan Window => TimeSpan.FromHours(GiveUpAfterHours);
}

// X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the company's webhook secret>.
public static class WebhookSignature
{
    public const string Header = "X-Signature";

    public static string Sign(string secret, long timestamp, string body)
    {
        var signed = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}"));
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(signed)}";
    }

    // What a receiver does: the header's v1 matches the body and the timestamp is recent (a replay is refused).
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || !parts.TryGetValue("v1", out var v1))
        {
            return false;
        }

        var expected = Sign(secret, timestamp, body);
        var fresh = Math.Abs(now.ToUnixTimeSeconds() - timestamp) <= tolerance.TotalSeconds;
        return fresh && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes($"t={t},v1={v1}"));
    }
}

// Server-side request forgery: webhooks may not reach loopback, private or link-local addresses (unless
// Webhooks:AllowPrivateNetworks), nor ERP Integrations itself. Checked when the URL is saved and again at every connection.
public static class WebhookAddressGuard
{
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } embedded)
        {
            return IsPrivate(embedded);
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] is 0 or 10 or 127 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] >= 224;
    }

    // The IPv4 address an IPv6 one carries and reaches: NAT64 (64:ff9b::/96), 6to4 (2002::/16), IPv4-compatible (::a.b.c.d).
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4));
        }

        return b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 ? new IPAddress(b.AsSpan(12, 4)) : null;
    }

    // A sentence saying why the URL is refused, or null. Self: the addresses ERP Integrations is reached at.
    public static async Task<string?> CheckAsync(Uri url, bool allowPrivate, IEnumerable<Uri> self, CancellationToken cancellationToken)
    {
        if (self.Any(s => string.Equals(s.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase) && s.Port == url.Port))
        {
            return $"The webhook URL {url} points at ERP Integrations itself; enter the integrator's address.";
        }

        if (allowPrivate)
        {
            return null;
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else if (string.Equals(url.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase) || url.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            addresses = [IPAddress.Loopback];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                addresses = await Dns.GetHostAddressesAsync(url.IdnHost, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // Not resolvable now: every delivery checks the addresses it connects to.
                return null;
            }
        }

        return addresses.Any(IsPrivate)
            ? $"The webhook URL {url} points at a loopback, private or link-local network address, which webhooks may not reach (Webhooks:AllowPrivateNetworks)."
            : null;
    }

    // Connects only to addresses the guard allows, whatever the name resolves to at that moment (DNS rebinding).
    public static SocketsHttpHandler Handler(IOptions<WebhookOptions> options) => new()
    {
        AllowAutoRedirect = false,
        // Through a proxy the guard below would check the proxy's address, not the webhook's.
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host.Trim('[', ']'), out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.Where(a => options.Value.AllowPrivateNetworks || !IsPrivate(a)).ToArray();
            if (allowed.Length == 0)
            {
                throw new HttpRequestException($"Refused to connect to {context.DnsEndPoint.Host}: it resolves to a loopback, private or link-local address (Webhooks:AllowPrivateNetworks).");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

// Delivers the outbox: due deliveries are claimed with a lease (any number of instances), posted with their signature,
// and every attempt is recorded. A receiver that does not answer 2xx within the time-out is tried again with exponential
// backoff (Webhooks:FirstRetrySeconds to MaxRetrySeconds) until GiveUpAfterHours since the event.
public sealed class WebhookSender(IServiceScopeFactory scopes, ErpConnectors connectors, IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "ErpIntegrations.Webhooks";

    private readonly LeasedQueue<WebhookDelivery> _queue = new(
        scopes,
        d => d.Status == WebhookStatus.Pending,
        new LeasedQueueSettings
        {
            WorkName = "webhook delivery",
            BatchSize = 20,
            Lease = options.Value.Timeout + TimeSpan.FromSeconds(30),
            MaxAttempts = int.MaxValue,
            StopStartingAtMaxAttempts = false,
            Backoff = new RetryBackoff(TimeSpan.FromSeconds(options.Value.FirstRetrySeconds), TimeSpan.FromSeconds(options.Value.MaxRetrySeconds)),
        },
        time,
        logger);

    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) =>
        _queue.RunOnceAsync((claim, ct) => _queue.ProcessAsync(claim, DeliverAsync, ct), cancellationToken);

    private async Task DeliverAsync(LeasedAttempt<WebhookDelivery> attempt, CancellationToken cancellationToken)
    {
        var delivery = attempt.Item;
        var company = await attempt.Db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == delivery.CompanyId, cancellationToken);
        var integrator = company is null ? null : connectors.For(company) as IErpIntegrator;
        var url = integrator?.WebhookUrl?.ToString() ?? delivery.Url;
        var clock = Stopwatch.StartNew();
        if (integrator?.WebhookSecret is not { } secret)
        {
            Fail(attempt, null, "No webhook secret has been generated: rotate one on the ERP Connection page.", clock.Elapsed);
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, time.GetUtcNow().ToUnixTimeSeconds(), delivery.Body));
        request.Headers.Add("X-Webhook-Id", delivery.EventId);
        request.Headers.Add("X-Webhook-Type", delivery.Type);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Delivered(status, clock.Elapsed, Now);
            }
            else
            {
                Fail(attempt, status, $"The receiver answered {status} {response.ReasonPhrase}.", clock.Elapsed);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(attempt, null, $"The receiver did not answer within {options.Value.TimeoutSeconds:0.###} seconds.", clock.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            Fail(attempt, null, ex.Message, clock.Elapsed);
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private void Fail(LeasedAttempt<WebhookDelivery> attempt, int? status, string error, TimeSpan took)
    {
        attempt.Item.Failed(status, error, took, Now, attempt.NextAttemptAt(), options.Value.Window);
        if (attempt.Item.Status == WebhookStatus.GaveUp)
        {
            logger.LogWarning("Gave up delivering webhook {EventId} of company {CompanyId} after {Attempts} attempts: {Error}", attempt.Item.EventId, attempt.Item.CompanyId, attempt.Item.Attempts, error);
        }
    }
}

// Delivers webhooks until the app stops: woken when a delivery is committed, polling as a fallback.
internal sealed class WebhookService(WebhookSender sender, WorkSignals signals, IOptions<WebhookOptions> options, ILogger<WebhookService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var signal = signals.For<WebhookDelivery>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sender.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Delivering webhooks failed; trying again shortly.");
            }

            await signal.WaitAsync(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken);
        }
    }
}

internal static class WebhookSetup
{
    public static void AddWebhooks(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<WebhookOptions>().Bind(config.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookAddressGuard.Handler(sp.GetRequiredService<IOptions<WebhookOptions>>()));
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookService>();
    }
}
