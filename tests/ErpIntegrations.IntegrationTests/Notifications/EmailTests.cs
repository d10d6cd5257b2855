using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ErpIntegrations.IntegrationTests.Notifications;

public sealed class EmailTests
{
    [Fact]
    public async Task Reject_DeliversExactlyOneMessageToTheSender_WithTheReasonAndALink()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new AppFactory(settings: smtp.AppSettings);
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("FLOOR2");

        await browser.FollowAsync(await browser.PostAsync("Reject", new() { ["subJobId"] = id.ToString(), ["reason"] = "Use cost code 09-250 for the units." }));
        await app.EmailSender.RunOnceAsync();
        await app.EmailSender.RunOnceAsync();

        var message = smtp.Messages.ShouldHaveSingleItem();
        message.To.Mailboxes.Single().Address.ShouldBe("pm@demo.test");
        message.Subject.ShouldBe("Demo Construction Co.: ERP Sub Job Rejection Notification");
        var subJob = await app.SubJobAsync(id);
        foreach (var body in new[] { message.TextBody, message.HtmlBody })
        {
            body!.ShouldContain("Use cost code 09-250 for the units.");
            body!.ShouldContain("Avery Approver");
            body!.ShouldContain("FLOOR2");
            body!.ShouldContain("1002 Harbor View Apartments");
            body!.ShouldContain($"https://erp.demo.test/projects/{subJob.ProjectId}/admin/sub-jobs/{id}");
        }

        var outbox = await OutboxAsync(app);
        outbox.ShouldHaveSingleItem().Status.ShouldBe(EmailStatus.Sent);
        message.MessageId.ShouldBe(outbox[0].MessageId);
    }

    [Fact]
    public async Task WhileTheServerIsDown_TheMessageWaits_AndIsDeliveredOnceWhenItIsBack()
    {
        await using var smtp = new SmtpTestServer();
        await using var app = new AppFactory(settings: smtp.AppSettings);
        await RejectAsync(app, "FLOOR1");

        await app.EmailSender.RunOnceAsync();
        var waiting = (await OutboxAsync(app)).Single();
        waiting.Status.ShouldBe(EmailStatus.Pending);
        waiting.Attempts.ShouldBe(1);
        waiting.LastError.ShouldNotBeNull().ShouldContain("could not be reached");
        (await app.EmailSender.RunOnceAsync()).ShouldBe(0, "the next attempt is not due yet");

        await smtp.StartAsync();
        app.Time.Advance(TimeSpan.FromMinutes(15));
        await app.EmailSender.RunOnceAsync();
        await app.EmailSender.RunOnceAsync();

        smtp.Messages.ShouldHaveSingleItem().To.Mailboxes.Single().Address.ShouldBe("pm@demo.test");
        (await OutboxAsync(app)).Single().Status.ShouldBe(EmailStatus.Sent);
    }

    [Fact]
    public async Task AMessageWaitingAtShutdown_IsDeliveredOnceByTheNextStart()
    {
        await using var smtp = new SmtpTestServer();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "erp-tests", Guid.NewGuid().ToString("N"));
        await using (var first = new AppFactory(settings: smtp.AppSettings, dataDirectory: dataDirectory, keepData: true))
        {
            await RejectAsync(first, "FLOOR1");
            await first.EmailSender.RunOnceAsync();
            (await OutboxAsync(first)).Single().Status.ShouldBe(EmailStatus.Pending);
        }

        await smtp.StartAsync();
        await using var second = new AppFactory(settings: smtp.AppSettings, dataDirectory: dataDirectory);
        second.Time.Advance(TimeSpan.FromMinutes(15));
        await second.EmailSender.RunOnceAsync();
        await second.EmailSender.RunOnceAsync();

        smtp.Messages.ShouldHaveSingleItem().Subject.ShouldBe("Demo Construction Co.: ERP Sub Job Rejection Notification");
        (await OutboxAsync(second)).Single().Status.ShouldBe(EmailStatus.Sent);
    }

    [Fact]
    public async Task APermanentSmtpError_IsRecordedAndNotRetried()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new AppFactory(settings: smtp.AppSettings);
        await app.WithDbAsync(Guid.Empty, async db =>
        {
            var pm = await db.Users.SingleAsync(u => u.Email == "pm@demo.test");
            pm.Email = "bounce-pm@demo.test";
            return await db.SaveChangesAsync();
        });
        await RejectAsync(app, "FLOOR1");

        await app.EmailSender.RunOnceAsync();
        app.Time.Advance(TimeSpan.FromHours(1));
        await app.EmailSender.RunOnceAsync();

        smtp.Messages.ShouldBeEmpty();
        var failed = (await OutboxAsync(app)).Single();
        failed.Status.ShouldBe(EmailStatus.Failed);
        failed.Attempts.ShouldBe(1);
        failed.LastError.ShouldNotBeNull().ShouldContain("550");
    }

    [Fact]
    public async Task AFailedExport_MailsTheApproverWhoAccepted()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new AppFactory(settings: smtp.AppSettings);
        var id = await app.AcceptNewSubJobAsync("FAIL");
        app.Sandbox.PermanentFaultRate = 1;

        await app.Exporter.RunOnceAsync();
        await app.EmailSender.RunOnceAsync();

        var message = smtp.Messages.ShouldHaveSingleItem();
        message.To.Mailboxes.Single().Address.ShouldBe("approver@demo.test");
        message.Subject.ShouldBe("Demo Construction Co.: ERP Sub Job Export Failed");
        message.TextBody!.ShouldContain((await app.SubJobAsync(id)).ExportError!);
        message.TextBody!.ShouldContain("https://erp.demo.test/erp-integrations/sub-jobs?filter=failed-to-export");
    }

    [Fact]
    public async Task DailySummary_GoesOncePerDayToEachSubscribedApprover_FromTheConfiguredHour()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new AppFactory(settings: new Dictionary<string, string>(smtp.AppSettings) { ["Email:DailySummaryHourUtc"] = "7" });
        var tomorrow = app.Now.Date.AddDays(1);
        var lockedOutOnce = app.Now.AddMinutes(-1);
        await app.WithDbAsync(Guid.Empty, async db =>
        {
            // A lockout that has ended leaves its end date behind; the approver still gets the summary.
            (await db.Users.SingleAsync(u => u.Email == "approver@demo.test")).LockoutEnd = lockedOutOnce;
            return await db.SaveChangesAsync();
        });
        app.Time.Advance(tomorrow.AddHours(6) - app.Now);

        (await app.DailySummary.RunOnceAsync()).ShouldBe(0, "before the configured hour");
        app.Time.Advance(TimeSpan.FromHours(1));
        (await app.WithDbAsync(Guid.Empty, db => DailySummary.DueCompanies(db, app.Now).CountAsync())).ShouldBe(2, "both demo companies have sub jobs waiting");
        var written = await app.DailySummary.RunOnceAsync();
        (await app.WithDbAsync(Guid.Empty, db => DailySummary.DueCompanies(db, app.Now).CountAsync())).ShouldBe(0, "every summary of the day is written: no company is looked at again");
        (await app.DailySummary.RunOnceAsync()).ShouldBe(0, "once a day");
        app.Time.Advance(TimeSpan.FromHours(5));
        (await app.DailySummary.RunOnceAsync()).ShouldBe(0, "still the same day");
        await app.EmailSender.RunOnceAsync();

        written.ShouldBe(3, "admin and approver of Demo Construction Co., approver of Other Builders Inc.");
        var recipients = smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order().ToList();
        recipients.ShouldBe(["admin@demo.test", "approver@demo.test", "approver@other.test"]);
        var approvers = smtp.Messages.Single(m => m.To.Mailboxes.Single().Address == "approver@demo.test");
        approvers.Subject.ShouldBe("Demo Construction Co.: ERP Integrations Daily Summary");
        approvers.TextBody!.ShouldContain("Ready to Export: 6 <https://erp.demo.test/erp-integrations/sub-jobs?filter=ready-to-export>");
        approvers.TextBody!.ShouldContain("Failed to Export: 1 <https://erp.demo.test/erp-integrations/sub-jobs?filter=failed-to-export>");
        approvers.TextBody!.ShouldMatch(@"Waiting since \d{4}-\d\d-\d\d: .+ \(Ready to Export\) <https://erp\.demo\.test/erp-integrations/sub-jobs\?filter=ready-to-export&q=\w+>");
        approvers.HtmlBody!.ShouldMatch(@"<a href=""https://erp\.demo\.test/erp-integrations/sub-jobs\?filter=ready-to-export&amp;q=\w+"">");

        app.Time.Advance(TimeSpan.FromDays(1));
        (await app.DailySummary.RunOnceAsync()).ShouldBe(3, "the next day, again");
    }

    [Fact]
    public async Task DailySummary_IsNotSentWhenNothingWaits_OrToUnsubscribedApprovers()
    {
        await using var app = new AppFactory();
        var demo = await app.CompanyAsync(DemoData.Demo);
        await app.WithDbAsync(Guid.Empty, async db =>
        {
            var other = await db.SubJobs.IgnoreQueryFilters().Where(s => s.CompanyId != demo.Id).Select(s => s.Id).ToListAsync();
            await db.AuditEntries.IgnoreQueryFilters().Where(a => other.Contains(a.SubJobId)).ExecuteDeleteAsync();
            await db.Set<ErpIntegrations.Web.Domain.SubJobCostCode>().Where(c => other.Contains(c.SubJobId)).ExecuteDeleteAsync();
            await db.SubJobs.IgnoreQueryFilters().Where(s => other.Contains(s.Id)).ExecuteDeleteAsync();
            var admin = await db.Users.SingleAsync(u => u.Email == "admin@demo.test");
            admin.SubscribeToDigest = false;
            return await db.SaveChangesAsync();
        });
        app.Time.Advance(app.Now.Date.AddDays(1).AddHours(8) - app.Now);

        (await app.DailySummary.RunOnceAsync()).ShouldBe(1);

        (await OutboxAsync(app)).ShouldHaveSingleItem().ToAddress.ShouldBe("approver@demo.test");
    }

    [Fact]
    public async Task WithoutSmtp_ARejectionLeavesOneEmlFileForTheSender()
    {
        await using var app = new AppFactory();
        await RejectAsync(app, "FLOOR1");

        await app.EmailSender.RunOnceAsync();

        var files = Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml");
        var message = await MimeMessage.LoadAsync(files.ShouldHaveSingleItem());
        message.To.Mailboxes.Single().Address.ShouldBe("pm@demo.test");
        message.Subject.ShouldBe("Demo Construction Co.: ERP Sub Job Rejection Notification");
    }

    [Fact]
    public async Task AnUnexpectedDeliveryFailure_IsRetriedPerMessage_AndGivenUpAfterMaxAttempts()
    {
        await using var app = new AppFactory(settings: new Dictionary<string, string> { ["Email:PickupDirectory"] = "not-a-folder", ["Email:MaxAttempts"] = "2" });
        await File.WriteAllTextAsync(Path.Combine(app.DataDirectory, "not-a-folder"), "a file where the pickup directory should be");
        await RejectAsync(app, "FLOOR1");
        await RejectAsync(app, "FLOOR2");

        (await app.EmailSender.RunOnceAsync()).ShouldBe(2);

        var waiting = await OutboxAsync(app);
        waiting.Count.ShouldBe(2);
        waiting.ShouldAllBe(e => e.Status == EmailStatus.Pending && e.Attempts == 1 && e.LeaseToken == null && e.NextAttemptAt > app.Now);
        waiting.ShouldAllBe(e => e.LastError!.StartsWith("Delivery failed: ") && e.LastError.Contains("not-a-folder"));
        (await app.EmailSender.RunOnceAsync()).ShouldBe(0, "the next attempt is not due yet");

        app.Time.Advance(TimeSpan.FromMinutes(15));
        (await app.EmailSender.RunOnceAsync()).ShouldBe(2);

        var givenUp = await OutboxAsync(app);
        givenUp.ShouldAllBe(e => e.Status == EmailStatus.Failed && e.Attempts == 2 && e.LastError!.StartsWith("Given up after 2 attempts: "));
        (await app.EmailSender.RunOnceAsync()).ShouldBe(0);
    }

    private static async Task RejectAsync(AppFactory app, string code)
    {
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync(code);
        await browser.FollowAsync(await browser.PostAsync("Reject", new() { ["subJobId"] = id.ToString(), ["reason"] = "Split it by floor." }));
    }

    private static Task<List<OutboxEmail>> OutboxAsync(AppFactory app) =>
        app.WithDbAsync(Guid.Empty, db => db.OutboxEmails.IgnoreQueryFilters().AsNoTracking().OrderBy(e => e.CreatedAt).ToListAsync());
}
