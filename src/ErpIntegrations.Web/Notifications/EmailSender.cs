using ErpIntegrations.Web.Queues;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ErpIntegrations.Web.Notifications;

// Delivers the outbox, a LeasedQueue<T>: each due email is handed to the mail transport and marked
// sent only after the server accepted it. While the server is unreachable or answers 4xx, the email waits with a
// growing delay; a 5xx is recorded as failed. Any other failure of one message waits with the same delay and gives
// the message up after EmailOptions.MaxAttempts.
public sealed class EmailSender(IServiceScopeFactory scopes, IMailTransport transport, IOptions<EmailOptions> options, TimeProvider time, ILogger<EmailSender> logger)
{
    private const int BatchSize = 10;

    private readonly LeasedQueue<OutboxEmail> _queue = new(scopes, e => e.Status == EmailStatus.Pending, QueueSettings(options.Value), time, logger);

    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) => _queue.RunOnceAsync(SendAsync, cancellationToken);

    private Task SendAsync(LeaseClaim claim, CancellationToken cancellationToken)
    {
        var unreachable = false;
        return _queue.ProcessAsync(
            claim,
            async (attempt, ct) =>
            {
                if (unreachable)
                {
                    // The server is down: don't knock again for every message of the batch.
                    attempt.Item.ScheduleRetry(attempt.Item.LastError ?? "The SMTP server could not be reached.", attempt.NextAttemptAt());
                }
                else
                {
                    unreachable = await SendAsync(attempt, ct);
                }
            },
            cancellationToken);
    }

    // Returns true when the server could not be reached at all.
    private async Task<bool> SendAsync(LeasedAttempt<OutboxEmail> attempt, CancellationToken cancellationToken)
    {
        var email = attempt.Item;
        try
        {
            await transport.SendAsync(ToMime(email), cancellationToken);
            email.MarkSent(time.GetUtcNow().UtcDateTime);
            return false;
        }
        catch (MailDeliveryException ex) when (ex.IsPermanent)
        {
            logger.LogWarning("Email {EmailId} to {Recipient} was refused for good: {Reason}", email.Id, email.ToAddress, ex.Message);
            email.MarkFailed(ex.Message);
            return false;
        }
        catch (MailDeliveryException ex)
        {
            logger.LogInformation("Email {EmailId} waits: {Reason}", email.Id, ex.Message);
            email.ScheduleRetry(ex.Message, attempt.NextAttemptAt());
            return ex.InnerException is not MailKit.Net.Smtp.SmtpCommandException;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not the mail server's answer (a malformed Email:From, a pickup directory that cannot be written): the
            // message waits and is tried again like the others, and is given up once its attempts are used, so
            // that neither it nor the rest of its batch waits out the lease round after round.
            if (attempt.IsLast)
            {
                logger.LogError(ex, "Email {EmailId} to {Recipient} could not be delivered after {Attempts} attempts; it is given up.", email.Id, email.ToAddress, email.Attempts);
                email.MarkFailed($"Given up after {email.Attempts} attempts: {ex.Message}");
            }
            else
            {
                logger.LogWarning(ex, "Email {EmailId} to {Recipient} could not be delivered; it will be tried again.", email.Id, email.ToAddress);
                email.ScheduleRetry($"Delivery failed: {ex.Message}", attempt.NextAttemptAt());
            }

            return false;
        }
    }

    private static LeasedQueueSettings QueueSettings(EmailOptions options) => new()
    {
        WorkName = "email",
        BatchSize = BatchSize,
        Lease = options.Lease,
        MaxAttempts = options.MaxAttempts,

        // A mail server that is down is waited out however long it takes: its rounds count as attempts but give no
        // message up; only a failure of another kind does, once the attempts are used.
        StopStartingAtMaxAttempts = false,
        Backoff = new RetryBackoff(options.BaseRetryDelay, options.MaxRetryDelay),
    };

    private MimeMessage ToMime(OutboxEmail email)
    {
        var message = new MimeMessage { Subject = email.Subject, MessageId = email.MessageId, Date = new DateTimeOffset(email.CreatedAt, TimeSpan.Zero) };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(email.ToName, email.ToAddress));
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        return message;
    }
}

// Runs the sender (woken when an email is committed to the outbox) and the daily summary until the app stops.
internal sealed class NotificationService(EmailSender sender, DailySummary summary, WorkSignals signals, IOptions<EmailOptions> options, TimeProvider time, ILogger<NotificationService> logger) : BackgroundService
{
    private readonly WorkSignal _signal = signals.For<OutboxEmail>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await Task.Yield();
        var nextSummaryCheck = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow().UtcDateTime >= nextSummaryCheck)
                {
                    await summary.RunOnceAsync(stoppingToken);
                    nextSummaryCheck = time.GetUtcNow().UtcDateTime.AddMinutes(1);
                }

                await sender.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Sending email failed; it will try again.");
            }

            await _signal.WaitAsync(options.Value.Poll, stoppingToken);
        }
    }
}
