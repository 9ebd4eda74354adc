using Ganss.Xss;
using Markdig;

namespace GraderHub.Web.Infrastructure;

// Problem statements and hints: Markdown with $...$ and $$...$$. Markdig's math extension wraps
// the LaTeX in span/div.math elements that site.js hands to KaTeX. Markdig's output then goes
// through an allow-list (HtmlSanitizer): Markdig with raw HTML disabled still turns
// [x](javascript:...) into a live link, so the sanitizer, not Markdig, decides what reaches a
// student's page. Links and images only to http(s) or relative URLs; no style attributes (the
// CSP forbids inline styles) and no classes but "math" (an author cannot borrow the site's
// layout classes to cover the page).
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseMathematics()
        .UseEmphasisExtras()
        .UsePipeTables()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "em", "strong", "del", "ins", "mark", "sub", "sup", "code", "pre", "blockquote",
                "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img",
                "table", "thead", "tbody", "tr", "th", "td", "span", "div",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "alt", "title", "class" },
            AllowedClasses = new HashSet<string>(StringComparer.Ordinal) { "math" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        var sanitizer = new HtmlSanitizer(options);
        // External links open without telling the target where the student came from.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a && a.GetAttribute("href") is { } href
                && (href.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
                a.SetAttribute("rel", "noopener noreferrer nofollow");
        };
        return sanitizer;
    }
}
