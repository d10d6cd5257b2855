using ErpIntegrations.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.ErpSubJobs;

/// <summary>The inline forms and the bulk selection with the keyboard alone, and what a screen reader is told.</summary>
public sealed class KeyboardTests(ChromiumFixture chromium) : ErpSubJobsBrowserTest(chromium)
{
    [Fact]
    public async Task Approver_AcceptsRejectsAndSelects_WithTheKeyboardAlone()
    {
        await SignInAsync("approver@demo.test");
        await OpenErpIntegrationsSubJobsAsync();
        await ChooseFilterAsync("Ready to Export");
        var announcer = Page.Locator("[data-announcer]");
        await Assertions.Expect(announcer).ToHaveAttributeAsync("aria-live", "polite");

        // Accept opens with focus in the ERP Job ID; Escape closes it and focus is back on the row's Accept.
        var accept = Row("FLOOR1").GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true });
        await accept.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        var erpJobId = Row("FLOOR1").GetByRole(AriaRole.Textbox, new() { Name = "ERP Job ID" });
        await Assertions.Expect(erpJobId).ToBeFocusedAsync();
        await Assertions.Expect(accept).ToHaveAttributeAsync("aria-expanded", "true");
        await ScreenshotAsync("1-accept-open-focus-in-field");
        await Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(erpJobId).ToBeHiddenAsync();
        await Assertions.Expect(accept).ToBeFocusedAsync();
        await Assertions.Expect(accept).ToHaveAttributeAsync("aria-expanded", "false");

        // Accept for real from the keyboard: the row's new state is announced, focus stays in the row.
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(erpJobId).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Button("Export to Sandbox ERP", Row("FLOOR1"))).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(announcer).ToHaveTextAsync("FLOOR1: Successfully Exported");
        await Assertions.Expect(Row("FLOOR1").Locator("[data-cell='state']")).ToBeFocusedAsync();

        // Reject: the explanation box takes focus, the answer takes it after the page comes back.
        var reject = Row("FLOOR2").GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true });
        await reject.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        var explanation = Row("FLOOR2").GetByRole(AriaRole.Textbox, new() { Name = ReasonLabel });
        await Assertions.Expect(explanation).ToBeFocusedAsync();
        await Page.Keyboard.TypeAsync("Split the units by floor.");
        await Page.Keyboard.PressAsync("Tab");
        await Page.Keyboard.PressAsync("Enter");
        var answer = Page.GetByRole(AriaRole.Status);
        await Assertions.Expect(answer).ToHaveTextAsync("FLOOR2: rejected and sent back to its project for correction.");
        await Assertions.Expect(answer).ToBeFocusedAsync();
        await AuditAsync();

        // Bulk: "select all" from the keyboard, the count read out.
        var selectAll = Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all sub jobs on this page" });
        await selectAll.FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        var boxes = Page.Locator("input[name='selectedIds']");
        var count = await boxes.CountAsync();
        count.ShouldBeGreaterThan(1);
        await Assertions.Expect(announcer).ToHaveTextAsync($"{count} of {count} selected");
        await Row("BLDGA").GetByRole(AriaRole.Checkbox).FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        await Assertions.Expect(announcer).ToHaveTextAsync($"{count - 1} of {count} selected");
        await Assertions.Expect(selectAll).Not.ToBeCheckedAsync();
        await ScreenshotAsync("2-bulk-selected");
    }
}
