using System.Net;
using ErpIntegrations.IntegrationTests.Api;
using ErpIntegrations.IntegrationTests.Infrastructure;

namespace ErpIntegrations.IntegrationTests.Features.Account;

/// <summary>
/// Sign-in tells nothing about an account unless the password was right: a deactivated or locked account is answered
/// like an unknown email, and every wrong password counts toward lockout, on the page and at POST /api/v1/tokens.
/// </summary>
public sealed class SignInTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string Refused = "The email or password is not correct, or the account is locked for 15 minutes after too many failed sign-ins.";
    private const string Deactivated = "Your account has been deactivated. Ask your company's Directory Admin if you need access again.";

    private AppFactory App => shared.App;

    [Fact]
    public async Task ADeactivatedAccount_WithAWrongPassword_IsAnsweredLikeAnUnknownEmail_AndEveryMissCountsTowardLockout()
    {
        var company = await shared.NewCompanyAsync();
        await DeactivateAsync(company, company.Standard);

        (await SignInRefusalAsync(company.Email("nobody"), "Wrong123!")).ShouldBe(Refused);
        (await SignInRefusalAsync(company.Standard.Email, "Wrong123!")).ShouldBe(Refused);
        (await App.UserAsync(company.Standard.Email)).AccessFailedCount.ShouldBe(1);
        (await TokenRefusalAsync(company.Standard.Email, "Wrong123!")).ShouldBe(Refused);
        (await App.UserAsync(company.Standard.Email)).AccessFailedCount.ShouldBe(2);

        (await SignInRefusalAsync(company.Standard.Email, TestUser.Password)).ShouldBe(Deactivated, "the right password may learn why");
        (await TokenRefusalAsync(company.Standard.Email, TestUser.Password)).ShouldBe(Deactivated);
    }

    [Fact]
    public async Task ADeactivatedAccount_IsLockedAfterFiveWrongPasswords_AndThenSaysNothingMore()
    {
        var company = await shared.NewCompanyAsync();
        await DeactivateAsync(company, company.Standard);

        for (var i = 0; i < 5; i++)
        {
            (await SignInRefusalAsync(company.Standard.Email, $"Wrong{i}!")).ShouldBe(Refused);
        }

        (await App.UserAsync(company.Standard.Email)).LockoutEnd.ShouldNotBeNull();
        (await SignInRefusalAsync(company.Standard.Email, TestUser.Password)).ShouldBe(Refused, "a locked account's password is not checked, so nothing is learned from it");
        (await TokenRefusalAsync(company.Standard.Email, TestUser.Password)).ShouldBe(Refused);
    }

    [Fact]
    public async Task ALockedAccount_IsAnsweredLikeAnUnknownEmail_WhateverThePassword()
    {
        var company = await shared.NewCompanyAsync();
        for (var i = 0; i < 5; i++)
        {
            await SignInRefusalAsync(company.Approver.Email, $"Wrong{i}!");
        }

        var unknown = await SignInRefusalAsync(company.Email("nobody"), "Wrong123!");
        (await SignInRefusalAsync(company.Approver.Email, "Wrong123!")).ShouldBe(unknown);
        (await SignInRefusalAsync(company.Approver.Email, TestUser.Password)).ShouldBe(unknown);
        (await TokenRefusalAsync(company.Approver.Email, "Wrong123!")).ShouldBe(await TokenRefusalAsync(company.Email("nobody"), "Wrong123!"));
        (await TokenRefusalAsync(company.Approver.Email, TestUser.Password)).ShouldBe(unknown);
        (await App.TokensAsync()).ShouldNotContain(t => t.UserId == company.Approver.Id);
    }

    private async Task<string> SignInRefusalAsync(string email, string password)
    {
        var response = await Browser.Anonymous(App).PostFormAsync("/signin", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"signing in as {email} is refused on the page");
        return Html.Parse(await response.Content.ReadAsStringAsync()).One("[role=alert]").Text();
    }

    private async Task<string> TokenRefusalAsync(string email, string password)
    {
        var problem = await (await ApiClient.Anonymous(App).PostJsonAsync("/api/v1/tokens", new { email, password })).ProblemAsync(HttpStatusCode.Unauthorized);
        return problem.GetProperty("detail").GetString()!;
    }

    private async Task DeactivateAsync(TestCompany company, TestUser user)
    {
        var admin = await ApiClient.ForAsync(App, company.Admin.Email);
        await (await admin.PostJsonAsync($"/api/v1/directory/users/{user.Id}/deactivate")).JsonAsync(HttpStatusCode.OK);
    }
}
