using ErpIntegrations.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace ErpIntegrations.BrowserTests.Features.ErpSubJobs;

/// <summary>The moves of the seed page "Accept or Reject a Sub Job for Export to ERP", by the words on the screen.</summary>
public abstract class ErpSubJobsBrowserTest(ChromiumFixture chromium) : BrowserTest(chromium)
{
    protected const string Green = "rgb(26, 127, 55)";
    protected const string Red = "rgb(198, 40, 40)";
    protected const string ReasonLabel = "Enter a short explanation about the reason(s) for the rejection";

    /// <summary>Steps 1 and 2 of "Review a Sub Job": the company's ERP Integrations tool, its Sub Jobs tab.</summary>
    protected async Task OpenErpIntegrationsSubJobsAsync()
    {
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "ERP Integrations" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "ERP Integrations", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Item types" }).GetByRole(AriaRole.Link, new() { Name = "Sub Jobs" }).ClickAsync();
        await AuditAsync();
    }

    /// <summary>"Under Filters, click ..."</summary>
    protected async Task ChooseFilterAsync(string filter)
    {
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Filters" }).GetByRole(AriaRole.Link, new() { Name = filter, Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = filter, Level = 2, Exact = true })).ToBeVisibleAsync();
        await AuditAsync();
    }

    protected ILocator Row(string code) => Page.Locator($"tr[data-code='{code}']");

    protected ILocator Button(string name, ILocator? within = null) =>
        (within ?? Page.Locator("body")).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>"Choose Reject": opens the row's explanation box.</summary>
    protected async Task<ILocator> OpenRejectAsync(string code)
    {
        await Button("Reject", Row(code)).First.ClickAsync();
        var explanation = Row(code).GetByRole(AriaRole.Textbox, new() { Name = ReasonLabel });
        await Assertions.Expect(explanation).ToBeVisibleAsync();
        return explanation;
    }

    /// <summary>"Enter a short explanation about the reason(s) for the rejection", then "Click Reject".</summary>
    protected async Task ConfirmRejectAsync(string code, string reason)
    {
        await Row(code).GetByRole(AriaRole.Textbox, new() { Name = ReasonLabel }).FillAsync(reason);
        await Row(code).Locator("form").Filter(new() { Has = Page.GetByRole(AriaRole.Textbox, new() { Name = ReasonLabel }) })
            .GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
    }

    protected async Task RejectAsync(string code, string reason)
    {
        await OpenRejectAsync(code);
        await ConfirmRejectAsync(code, reason);
    }

    /// <summary>Remembers the loaded document, so a test can tell that the page changed without a reload.</summary>
    protected Task MarkDocumentAsync() => Page.EvaluateAsync("() => { window.__sameDocument = true; }");

    protected async Task<bool> IsSameDocumentAsync() => await Page.EvaluateAsync<bool>("() => window.__sameDocument === true");
}
