using System.Text.RegularExpressions;
using ErpIntegrations.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.ErpSubJobs;

public sealed class RejectTests(ChromiumFixture chromium) : ErpSubJobsBrowserTest(chromium)
{
    private const string Reason = "Split building B into shell and fit-out, and add the steel cost code.";

    [Fact]
    public async Task Approver_RejectsASubJobWithAReason_ItLeavesTheTool_AndTheSenderCanEditItWithTheReasonShown()
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

        await SignOutAsync();
        await SignInAsync("pm@demo.test");
        var menu = Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "ERP Integrations" })).ToHaveCountAsync(0);
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Company Directory" })).ToHaveCountAsync(0);
        await menu.GetByRole(AriaRole.Link, new() { Name = "Projects" }).ClickAsync();
        await AuditAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Sub Jobs of project 1001 Riverside Medical Center" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sub Jobs", Level = 1 })).ToBeVisibleAsync();
        var row = Row("BLDGB");
        await Assertions.Expect(row).ToContainTextAsync("Rejected");
        await Assertions.Expect(row.GetByText($"Rejected by Avery Approver: {Reason}")).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = "Edit BLDGB" })).ToBeVisibleAsync();
        await Assertions.Expect(Row("BLDGA").GetByRole(AriaRole.Link, new() { Name = "Edit BLDGA" })).ToHaveCountAsync(0);
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Resend to ERP: BLDGB" })).ToBeVisibleAsync();
        await Assertions.Expect(Row("BLDGA").GetByRole(AriaRole.Button, new() { Name = "Retrieve from ERP: BLDGA" })).ToBeVisibleAsync();
        await ScreenshotAsync("3-project-admin-sub-jobs");

        await row.GetByRole(AriaRole.Link, new() { Name = "BLDGB", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sub job BLDGB", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Note).Filter(new() { HasText = "Rejected by" })).ToHaveTextAsync($"Rejected by Avery Approver: {Reason}");
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Edit BLDGB" })).ToBeVisibleAsync();
        var history = Page.GetByRole(AriaRole.List).Filter(new() { Has = Page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Avery Approver" }) });
        await Assertions.Expect(history.GetByRole(AriaRole.Listitem).Last).ToContainTextAsync(new Regex($@"Avery Approver\s+·\s+Rejected\s*:\s+{Regex.Escape(Reason)}"));
        await ScreenshotAsync("4-sub-job-page");
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
