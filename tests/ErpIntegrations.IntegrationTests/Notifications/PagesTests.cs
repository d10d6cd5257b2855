using System.Net;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Notifications;

public sealed class PagesTests
{
    [Fact]
    public async Task Profile_LeavesAndRejoinsTheDailySummary()
    {
        await using var app = new AppFactory();
        var browser = await Browser.SignInAsync(app, "approver@demo.test");
        (await browser.GetPageAsync("/profile")).ShouldContain("Subscribe to ERP digest emails");

        var leave = await browser.PostFormAsync("/profile", new Dictionary<string, string> { ["SubscribeToDigest"] = "false" });
        leave.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.UserAsync("approver@demo.test")).SubscribeToDigest.ShouldBeFalse();
        (await browser.GetPageAsync("/profile")).ShouldContain("You no longer receive the ERP Integrations Daily Summary.");

        await browser.PostFormAsync("/profile", new Dictionary<string, string> { ["SubscribeToDigest"] = "true" });
        (await app.UserAsync("approver@demo.test")).SubscribeToDigest.ShouldBeTrue();
    }

    [Fact]
    public async Task EmailsPage_ShowsARefusedEmailWithTheServersReason_ToAdminsOnly()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new AppFactory(settings: smtp.AppSettings);
        await app.WithDbAsync(Guid.Empty, async db =>
        {
            var pm = db.Users.Single(u => u.Email == "pm@demo.test");
            pm.Email = "bounce@demo.test";
            return await db.SaveChangesAsync();
        });
        var approver = await Browser.SignInAsync(app, "approver@demo.test");
        var id = await app.IdOfAsync("GARAGE");
        await approver.FollowAsync(await approver.PostAsync("Reject", new() { ["subJobId"] = id.ToString(), ["reason"] = "Wrong phase." }));
        await app.EmailSender.RunOnceAsync();

        var admin = await Browser.SignInAsync(app, "admin@demo.test");
        var page = await admin.GetPageAsync("/notifications");

        page.ShouldContain("ERP Sub Job Rejection Notification");
        page.ShouldContain("Failed");
        page.ShouldContain("550");
        var refused = await approver.Client.GetAsync("/notifications");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Only a Directory Admin or an ERP Integrations Admin can see the company&#x27;s emails.");
    }
}
