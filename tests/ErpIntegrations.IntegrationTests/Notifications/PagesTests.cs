using System.Net;
using ErpIntegrations.IntegrationTests.Features.ErpSubJobs;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Notifications;

public sealed class PagesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    [Fact]
    public async Task Profile_LeavesAndRejoinsTheDailySummary()
    {
        var company = await shared.NewCompanyAsync();
        var app = shared.App;
        var browser = await Browser.SignInAsync(app, company.Approver.Email);
        Html.Parse(await browser.GetPageAsync("/profile")).Text().ShouldContain("Subscribe to ERP digest emails");

        var leave = await browser.PostFormAsync("/profile", new Dictionary<string, string> { ["SubscribeToDigest"] = "false" });
        leave.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.UserAsync(company.Approver.Email)).SubscribeToDigest.ShouldBeFalse();
        Html.Parse(await browser.GetPageAsync("/profile")).Success().ShouldBe("You no longer receive the ERP Integrations Daily Summary.");

        await browser.PostFormAsync("/profile", new Dictionary<string, string> { ["SubscribeToDigest"] = "true" });
        (await app.UserAsync(company.Approver.Email)).SubscribeToDigest.ShouldBeTrue();
    }

    [Fact]
    public async Task EmailsPage_ShowsARefusedEmailWithTheServersReason_ToAdminsOnly()
    {
        // Sends through a test SMTP server of its own: an app of its own.
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
