using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ErpIntegrations.Web.Notifications;

// Hands one message to the mail system; throws MailDeliveryException when it is not accepted.
public interface IMailTransport
{
    string Describe();

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

// The mail system did not take the message. Permanent: trying again will not help.
public sealed class MailDeliveryException(string message, bool isPermanent, Exception? inner = null) : Exception(message, inner)
{
    public bool IsPermanent { get; } = isPermanent;
}

// SMTP through MailKit; a message counts as sent only once the server answered the DATA with 250.
internal sealed class SmtpMailTransport(EmailOptions options) : IMailTransport
{
    public string Describe() => $"SMTP server {options.Smtp.Host}:{options.Smtp.Port} ({options.Smtp.Security})";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = options.Smtp.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(options.Smtp.Host!, options.Smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(options.Smtp.Username))
            {
                await client.AuthenticateAsync(options.Smtp.Username, options.Smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            throw new MailDeliveryException($"The SMTP server answered {code}: {ex.Message}", isPermanent: code >= 500, ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException
            or ServiceNotAuthenticatedException or System.Security.Authentication.AuthenticationException or MailKit.Security.AuthenticationException or TimeoutException or SslHandshakeException)
        {
            // Unreachable, timed out or misconfigured: none of it is the message's fault, so it waits and is tried again.
            throw new MailDeliveryException($"The SMTP server could not be reached: {ex.Message}", isPermanent: false, ex);
        }
    }
}

// Without an SMTP server, messages are written as .eml files. The file is named after the message, so
// writing it again after a crash replaces it instead of adding a second copy.
internal sealed class PickupDirectoryTransport(string directory) : IMailTransport
{
    public string Describe() => $"pickup directory {directory}";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var name = new string([.. (message.MessageId ?? Guid.NewGuid().ToString("N")).TakeWhile(c => c != '@')]);
        var path = Path.Combine(directory, $"{name}.eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
