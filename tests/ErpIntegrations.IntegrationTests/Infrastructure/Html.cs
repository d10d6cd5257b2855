using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ErpIntegrations.IntegrationTests.Infrastructure;

/// <summary>
/// Pages read as a browser reads them: through an HTML parser, by element, attribute and text, so that an
/// assertion does not hang on attribute order, quoting or whitespace.
/// </summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>The one element matching the CSS selector; fails naming the selector when there is none or several.</summary>
    public static IElement One(this IParentNode node, string selector)
    {
        var found = node.QuerySelectorAll(selector);
        found.Length.ShouldBe(1, $"exactly one element matches {selector}");
        return found[0];
    }

    public static void ShouldHave(this IParentNode node, string selector) =>
        node.QuerySelectorAll(selector).Length.ShouldBeGreaterThan(0, $"an element matches {selector}");

    public static void ShouldNotHave(this IParentNode node, string selector) =>
        node.QuerySelectorAll(selector).Length.ShouldBe(0, $"no element matches {selector}");

    /// <summary>The element matching the selector whose text, with whitespace collapsed, is <paramref name="text"/>.</summary>
    public static IElement WithText(this IParentNode node, string selector, string text)
    {
        var found = node.QuerySelectorAll(selector).Where(e => Text(e) == text).ToList();
        found.Count.ShouldBeGreaterThan(0, $"an element {selector} reads \"{text}\"; found: {string.Join(" | ", node.QuerySelectorAll(selector).Select(Text))}");
        return found[0];
    }

    /// <summary>A button by its accessible name (aria-label, else its text), and the text it shows.</summary>
    public static IElement Button(this IParentNode node, string name, string? shows = null)
    {
        var button = node.QuerySelectorAll("button").FirstOrDefault(b => (b.GetAttribute("aria-label") ?? Text(b)) == name);
        button.ShouldNotBeNull($"a button named \"{name}\"");
        if (shows is not null)
        {
            Text(button).ShouldBe(shows);
        }

        return button;
    }

    /// <summary>A link to <paramref name="href"/>, reading <paramref name="text"/> when given.</summary>
    public static IElement Link(this IParentNode node, string href, string? text = null)
    {
        var links = node.QuerySelectorAll("a").Where(a => a.GetAttribute("href") == href).ToList();
        links.Count.ShouldBeGreaterThan(0, $"a link to {href}");
        return text is null ? links[0] : links.FirstOrDefault(a => Text(a) == text) ?? throw new ShouldAssertException($"the link to {href} reads \"{text}\"; it reads \"{Text(links[0])}\"");
    }

    /// <summary>The definition (dd) that follows the term (dt) reading <paramref name="term"/>.</summary>
    public static string Definition(this IParentNode node, string term)
    {
        var dt = node.WithText("dt", term);
        var dd = dt.NextElementSibling;
        dd.ShouldNotBeNull($"a definition of {term}");
        dd.LocalName.ShouldBe("dd");
        return Text(dd);
    }

    /// <summary>The page's success message (the status alert), or null when it shows none.</summary>
    public static string? Success(this IParentNode node) => node.QuerySelector(".alert.success[role=status]") is { } alert ? Text(alert) : null;

    /// <summary>The page's error message (the alert role), or null when it shows none.</summary>
    public static string? ErrorMessage(this IParentNode node) => node.QuerySelector(".alert.error[role=alert]") is { } alert ? Text(alert) : null;

    public static bool HasLinkTo(this IParentNode node, string href) => node.QuerySelectorAll("a").Any(a => a.GetAttribute("href") == href);

    /// <summary>The element's text as a person reads it: whitespace runs collapsed to one space, trimmed.</summary>
    public static string Text(this INode node) =>
        string.Join(' ', ((node as IDocument)?.DocumentElement ?? node).TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The value a form would post for the hidden antiforgery field, if the page has one.</summary>
    public static string? AntiforgeryToken(string html) =>
        (Parse(html).QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value;
}
