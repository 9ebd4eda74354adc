using GraderHub.Data;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Infrastructure;

namespace GraderHub.Web.Features.Solutions;

// A problem's solution as one student may see it. The content fields stay null until the policy
// releases it: they are not computed before, so neither the page nor the API can leak them.
public sealed record SolutionView(int ProblemId, int SetId, int Week, string Title, SolutionAvailability Availability,
    DateTimeOffset? DueAt)
{
    public string? StatementHtml { get; init; }
    public string? AuthorHtml { get; init; }
    public string? WorkedHtml { get; init; }
    public string? AnswerLatex { get; init; }
    public string? AnswerText { get; init; }
}

// One handler for GET /problems/{id}/solution and GET /api/problems/{id}/solution.
public sealed class SolutionPage(GraderHubDbContext db, TimeProvider clock, MarkdownRenderer markdown, ProblemCatalog catalog)
{
    public async Task<SolutionView?> LoadAsync(string userId, int problemId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.OpenProblemAsync(userId, problemId, now, ct) is not { } open) return null;
        var (problem, schedule) = open;
        var set = problem.ProblemSet;
        var left = schedule.AttemptsLeft(await Attempts.UsedAsync(db, userId, problemId, ct));
        // The student's own due date and attempts (an extension delays the solution).
        var availability = SolutionPolicy.For(set.SolutionRelease, schedule, now, left);
        var view = new SolutionView(problem.Id, set.Id, set.Week, problem.Title, availability, schedule.DueAt);
        if (!availability.Released || catalog.VariantFor(userId, problem) is not { } variant) return view;

        var solution = variant.Solution();
        var reference = variant.Reference();
        return view with
        {
            Title = variant.Render().Title,
            StatementHtml = markdown.ToHtml(variant.Render().StatementMarkdown),
            AuthorHtml = solution.AuthorMarkdown is { } author ? markdown.ToHtml(author) : null,
            WorkedHtml = solution.WorkedMarkdown is { } worked ? markdown.ToHtml(worked) : null,
            AnswerLatex = reference.Latex,
            AnswerText = reference.Text,
        };
    }
}
