using GraderHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Help;

// The answer syntax guide, docs/answer-syntax.md of the repository, built into the site (an
// embedded resource) so the page and the document cannot drift apart.
public sealed class HelpController(MarkdownRenderer markdown) : Controller
{
    private static readonly Lazy<string> Guide = new(() =>
    {
        using var stream = typeof(HelpController).Assembly.GetManifestResourceStream("answer-syntax.md")
            ?? throw new InvalidOperationException("docs/answer-syntax.md is not embedded in the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    [HttpGet("/help/answer-syntax")]
    public IActionResult AnswerSyntax() => View("AnswerSyntax", markdown.ToHtml(Guide.Value));
}
