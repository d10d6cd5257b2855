using ErpIntegrations.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.Account;

public sealed class SignInTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task Approver_SignsIn_AndSeesTheCompany()
    {
        await SignInAsync("approver@demo.test");

        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Demo Construction Co." })).ToBeVisibleAsync();
        await SignOutAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WrongPassword_ShowsAReadableMessage()
    {
        await VisitAsync("/signin");
        await Page.GetByLabel("Email").FillAsync("approver@demo.test");
        await Page.GetByLabel("Password").FillAsync("not-the-password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is not correct, or the account is locked for 15 minutes after too many failed sign-ins.");
    }
}
