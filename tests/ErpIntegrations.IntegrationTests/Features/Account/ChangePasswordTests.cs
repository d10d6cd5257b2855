using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.IntegrationTests.Features.Setup;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.IntegrationTests.Features.Account;

/// <summary>
/// A password a Directory Admin set must be replaced at first sign-in: every page sends its owner to /set-password and
/// the API refuses them until they have. Changing a password there revokes the person's tokens.
/// </summary>
public sealed class ChangePasswordTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string Initial = "Nora-Initial-2026!";
    private const string Own = "Nora-Own-2026!";

    private AppFactory App => shared.App;

    [Fact]
    public async Task APasswordTheDirectoryAdminSet_MustBeChangedAtFirstSignIn_AndTheApiRefusesItMeanwhile()
    {
        var company = await shared.NewCompanyAsync();
        var nora = await AddWithInitialPasswordAsync(company);

        var token = await (await ApiClient.Anonymous(App).PostJsonAsync("/api/v1/tokens", new { email = nora, password = Initial })).ProblemAsync(HttpStatusCode.Unauthorized);
        token.GetProperty("detail").GetString().ShouldBe("Choose your own password first: sign in at /signin and replace the one your Directory Admin gave you. Until then, API tokens are refused.");

        var browser = Browser.Anonymous(App);
        var signIn = await browser.PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = nora, ["Password"] = Initial });
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().ShouldBe("/set-password");
        foreach (var page in new[] { "/", "/erp-integrations/sub-jobs", "/profile", "/profile/tokens", "/projects" })
        {
            var sent = await browser.Client.GetAsync(page);
            sent.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
            sent.Headers.Location!.ToString().ShouldBe("/set-password", page);
        }

        var form = Html.Parse(await browser.GetPageAsync("/set-password"));
        form.One("h1").Text().ShouldBe("Choose your own password");
        form.One("label[for=current-password]").Text().ShouldBe("Current password");
        form.Button("Sign out");

        var wrong = await browser.PostFormAsync("/set-password", new Dictionary<string, string> { ["CurrentPassword"] = "Wrong123!", ["Password"] = Own, ["ConfirmPassword"] = Own });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await App.UserAsync(nora)).AccessFailedCount.ShouldBe(1, "a wrong current password counts toward lockout");
        var same = await browser.PostFormAsync("/set-password", new Dictionary<string, string> { ["CurrentPassword"] = Initial, ["Password"] = Initial, ["ConfirmPassword"] = Initial });
        same.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var changed = await browser.PostFormAsync("/set-password", new Dictionary<string, string> { ["CurrentPassword"] = Initial, ["Password"] = Own, ["ConfirmPassword"] = Own });

        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        changed.Headers.Location!.ToString().ShouldBe("/profile");
        Html.Parse(await browser.GetPageAsync("/profile")).Success().ShouldBe("Your password is changed. Your API tokens were revoked, and your other sessions end within a minute.");
        (await browser.Client.GetAsync("/erp-integrations/sub-jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.UserAsync(nora)).MustChangePassword.ShouldBeFalse();
        await ApiClient.ForAsync(App, nora, Own);
        await (await ApiClient.Anonymous(App).PostJsonAsync("/api/v1/tokens", new { email = nora, password = Initial })).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task APasswordSetFromALink_IsTheirOwn_AndTheDemoUsersAreNotAskedToChange()
    {
        var company = await shared.NewCompanyAsync();
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        await (await admin.PostJsonAsync("/api/v1/directory/users", new { name = "Lee Link", email = company.Email("lee"), sendSetPasswordLink = true })).JsonAsync(HttpStatusCode.Created);

        (await App.UserAsync(company.Email("lee"))).MustChangePassword.ShouldBeFalse();
        (await App.WithDbAsync(Guid.Empty, db => db.Users.AnyAsync(u => u.Email!.EndsWith("@demo.test") && u.MustChangePassword))).ShouldBeFalse();
        var demo = await Browser.Anonymous(App).PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = "approver@demo.test", ["Password"] = "Demo123!" });
        demo.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task ChangingOnesOwnPassword_RevokesTheirTokens_AndKeepsThisSessionSignedIn()
    {
        var company = await shared.NewCompanyAsync();
        var api = await ApiClient.ForAsync(App, company.Approver.Email);
        var browser = await Browser.SignInAsync(App, company.Approver.Email);
        Html.Parse(await browser.GetPageAsync("/profile")).Link("/set-password", "Change your password");
        Html.Parse(await browser.GetPageAsync("/set-password")).One("h1").Text().ShouldBe("Change your password");

        var changed = await browser.PostFormAsync("/set-password", new Dictionary<string, string> { ["CurrentPassword"] = TestUser.Password, ["Password"] = Own, ["ConfirmPassword"] = Own });

        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await (await api.GetAsync("/api/v1/erp/connection")).ProblemAsync(HttpStatusCode.Unauthorized);
        (await App.TokensAsync()).Where(t => t.UserId == company.Approver.Id).ShouldAllBe(t => t.RevokedAt != null);
        App.Time.Advance(TimeSpan.FromMinutes(2));
        (await browser.Client.GetAsync("/erp-integrations/sub-jobs")).StatusCode.ShouldBe(HttpStatusCode.OK, "this session carries the new stamp");
    }

    private async Task<string> AddWithInitialPasswordAsync(TestCompany company)
    {
        var admin = await Browser.SignInAsync(App, company.Admin.Email);
        var email = company.Email("nora");
        var added = await admin.SubmitAsync("/directory/new", [
            new("Name", "Nora New"), new("Email", email), new("ErpIntegrationsLevel", "Standard"),
            new("IsDirectoryAdmin", "false"), new("PasswordChoice", "password"), new("Password", Initial)]);
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Html.Parse(await admin.GetPageAsync("/directory")).Success().ShouldBe("Nora New was added with the initial password you chose. Give it to them privately; they choose their own when they first sign in.");
        return email;
    }
}
