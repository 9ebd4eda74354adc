using Markdig;

namespace GraderHub.Web.Infrastructure;

// Problem statements: Markdown with $...$ and $$...$$. Markdig's math extension wraps the LaTeX
// in span/div.math elements that site.js hands to KaTeX. Raw HTML is disabled: a statement can
// never inject markup or script into a student's page.
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseMathematics()
        .UseEmphasisExtras()
        .UsePipeTables()
        .DisableHtml()
        .Build();

    public string ToHtml(string markdown) => Markdown.ToHtml(markdown, _pipeline);
}
