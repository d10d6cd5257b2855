using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Exports;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ErpIntegrations.Web.Notifications;

/// <summary>
/// Delivers the outbox. Each due email is leased with a conditional UPDATE (so two senders never take the
/// same one), handed to the mail transport, and marked sent only after the server accepted it. While the
/// server is unreachable or answers 4xx, the email waits with a growing delay; a 5xx is recorded as failed. Any
/// other failure of one message waits with the same delay and gives the message up after <see cref="EmailOptions.MaxAttempts"/>.
/// </summary>
public sealed class EmailSender(IServiceScopeFactory scopes, IMailTransport transport, EmailOptions options, TimeProvider time, ILogger<EmailSender> logger)
{
    private const int BatchSize = 10;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var handled = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await SendNextBatchAsync(cancellationToken);
            if (batch == 0)
            {
                break;
            }

            handled += batch;
        }

        return handled;
    }

    private async Task<int> SendNextBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid();
        var candidates = await Due(db, now).OrderBy(e => e.NextAttemptAt).Select(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var leaseUntil = now.AddSeconds(options.LeaseSeconds);
        await Due(db, now).Where(e => candidates.Contains(e.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseToken, token).SetProperty(e => e.LeaseExpiresAt, leaseUntil), cancellationToken);
        var emails = await db.OutboxEmails.IgnoreQueryFilters().Where(e => candidates.Contains(e.Id) && e.LeaseToken == token).ToListAsync(cancellationToken);
        var unreachable = false;
        foreach (var email in emails)
        {
            if (unreachable)
            {
                // The server is down: don't knock again for every message of the batch.
                email.ScheduleRetry(email.LastError ?? "The SMTP server could not be reached.", NextAttempt(email.Attempts + 1));
            }
            else
            {
                unreachable = await SendAsync(email, cancellationToken);
            }

            try
            {
                // Saved after each message, so that a crash can repeat at most the one in flight.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogWarning("Lost the lease on email {EmailId}; another sender has it.", email.Id);
                db.ChangeTracker.Clear();
            }
        }

        return emails.Count;
    }

    /// <summary>Returns true when the server could not be reached at all.</summary>
    private async Task<bool> SendAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
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
            email.ScheduleRetry(ex.Message, NextAttempt(email.Attempts + 1));
            return ex.InnerException is not MailKit.Net.Smtp.SmtpCommandException;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not the mail server's answer (a malformed Email:From, a pickup directory that cannot be written): the
            // message waits and is tried again like the others, and is given up once its attempts are used, so
            // that neither it nor the rest of its batch waits out the lease round after round.
            var attempt = email.Attempts + 1;
            if (attempt >= options.MaxAttempts)
            {
                logger.LogError(ex, "Email {EmailId} to {Recipient} could not be delivered after {Attempts} attempts; it is given up.", email.Id, email.ToAddress, attempt);
                email.MarkFailed($"Given up after {attempt} attempts: {ex.Message}");
            }
            else
            {
                logger.LogWarning(ex, "Email {EmailId} to {Recipient} could not be delivered; it will be tried again.", email.Id, email.ToAddress);
                email.ScheduleRetry($"Delivery failed: {ex.Message}", NextAttempt(attempt));
            }

            return false;
        }
    }

    private MimeMessage ToMime(OutboxEmail email)
    {
        var message = new MimeMessage { Subject = email.Subject, MessageId = email.MessageId, Date = new DateTimeOffset(email.CreatedAt, TimeSpan.Zero) };
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(new MailboxAddress(email.ToName, email.ToAddress));
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        return message;
    }

    private DateTime NextAttempt(int attempt)
    {
        var seconds = Math.Min(options.BaseRetryDelaySeconds * Math.Pow(2, Math.Min(attempt - 1, 20)), options.MaxRetryDelaySeconds);
        return time.GetUtcNow().UtcDateTime.AddSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    private static IQueryable<OutboxEmail> Due(AppDbContext db, DateTime now) =>
        db.OutboxEmails.IgnoreQueryFilters().Where(e => e.Status == EmailStatus.Pending && e.NextAttemptAt <= now && (e.LeaseExpiresAt == null || e.LeaseExpiresAt < now));
}

/// <summary>Runs the sender (woken by <see cref="EmailSignal"/>) and the daily summary until the app stops.</summary>
internal sealed class NotificationService(EmailSender sender, DailySummary summary, EmailSignal signal, EmailOptions options, TimeProvider time, ILogger<NotificationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

            await signal.WaitAsync(TimeSpan.FromSeconds(options.PollSeconds), stoppingToken);
        }
    }
}
