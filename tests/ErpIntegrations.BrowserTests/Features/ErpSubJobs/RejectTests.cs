using ErpIntegrations.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.ErpSubJobs;

public sealed class RejectTests(ChromiumFixture chromium) : ErpSubJobsBrowserTest(chromium)
{
    private const string Reason = "Split building B into shell and fit-out, and add the steel cost code.";

    [Fact]
    public async Task Approver_RejectsASubJobWithAReason_AndItLeavesTheTool()
    {
        await SignInAsync("approver@demo.test");
        await OpenErpIntegrationsSubJobsAsync();
        await ChooseFilterAsync("Ready to Export");
        await OpenRejectAsync("BLDGB");
        await ScreenshotAsync("1-reject-opened");

        await ConfirmRejectAsync("BLDGB", Reason);

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("BLDGB: rejected and sent back to its project for correction.");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Ready to Export", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(Row("BLDGB")).ToHaveCountAsync(0);
        await Assertions.Expect(Row("BLDGA")).ToBeVisibleAsync();
        await ScreenshotAsync("2-gone-from-ready-to-export");
    }

    [Fact]
    public async Task Approver_RejectsWithAnEmptyExplanation_SeesWhatToDo_AndTheRowStays()
    {
        await SignInAsync("approver@demo.test");
        await OpenErpIntegrationsSubJobsAsync();
        await ChooseFilterAsync("Ready to Export");

        await RejectAsync("FLOOR2", "   ");

        const string message = "Enter a short explanation of why the sub job is rejected.";
        var explanation = Row("FLOOR2").GetByRole(AriaRole.Textbox, new() { Name = ReasonLabel });
        await Assertions.Expect(Row("FLOOR2").GetByText(message)).ToBeVisibleAsync();
        await Assertions.Expect(explanation).ToBeVisibleAsync();
        await Assertions.Expect(explanation).ToHaveAccessibleDescriptionAsync(message);
        await Assertions.Expect(Row("FLOOR2")).ToContainTextAsync("Ready to Export");
        await ScreenshotAsync("explanation-required");

        await ChooseFilterAsync("Ready to Export");
        await Assertions.Expect(Row("FLOOR2")).ToContainTextAsync("Ready to Export");
    }
}
