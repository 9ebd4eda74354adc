using System.Globalization;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using GraderHub.Data;
using GraderHub.Grading.Answers;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace GraderHub.Web.Features.Practice;

// A graded practice answer: never stored, never counted.
public sealed record PracticeResult(GradeVerdict Verdict, double Score, string? Feedback)
{
    // The verdict in words and the alert colour the practice page shows it in.
    public (string Label, string Css) Shown => Verdict switch
    {
        GradeVerdict.Correct => ("Correct", "alert-success"),
        GradeVerdict.PartiallyCorrect => ("Partly correct", "alert-warning"),
        GradeVerdict.Incorrect => ("Incorrect", "alert-danger"),
        GradeVerdict.Undetermined => ("Could not be decided", "alert-secondary"),
        GradeVerdict.Invalid => ("Not checked", "alert-secondary"),
    };
}

public sealed record PracticeModel(int ProblemId, int SetId, int Week, string Title, string StatementHtml, AnswerBox Box, string Token)
{
    public string? Answer { get; init; }
    public string? Error { get; init; }
    public int? ErrorColumn { get; init; }
    public PracticeResult? Result { get; init; }
    public string AnswerKindName { get; init; } = "";
}

// "Another one like this": a fresh variant of the problem, drawn with a seed that is never the
// student's own (so practice cannot grade the counted answer), carried in a token only the site
// can read (so the browser cannot choose a seed either), graded through the same grader and time
// limit as a submission, and stored nowhere.
public sealed class PracticeProblem(GraderHubDbContext db, TimeProvider clock, ProblemCatalog catalog, MarkdownRenderer markdown,
    SubmissionGrader grader, SubmissionRateLimiter limiter, IDataProtectionProvider protection)
{
    private readonly IDataProtector _tokens = protection.CreateProtector("GraderHub.Practice.v1");

    public async Task<PracticeModel?> DrawAsync(string userId, int problemId, CancellationToken ct)
    {
        if (await LoadAsync(userId, problemId, ct) is not { } problem) return null;
        var own = ProblemAccess.SeedFor(userId, problem.ProblemSet.Key, problem.Key);
        int seed;
        do seed = RandomNumberGenerator.GetInt32(int.MaxValue); while (seed == own);
        return Model(userId, problem, seed);
    }

    // Null: no such problem for this student, or a token that is not theirs for this problem.
    public async Task<PracticeModel?> GradeAsync(string userId, int problemId, string? token, string? answer, CancellationToken ct)
    {
        if (await LoadAsync(userId, problemId, ct) is not { } problem || Seed(userId, problemId, token) is not { } seed) return null;
        var model = Model(userId, problem, seed) with { Answer = answer };
        if (catalog.Get(problem) is not { } definition)
            return model with { Error = "This problem is being fixed by the teaching staff; try again later." };
        var text = answer?.Trim() ?? "";
        if (PreviewAnswer.Read(definition.Variant(seed), text) is { Ok: false } read)
            return model with { Error = read.Error ?? "The answer could not be read.", ErrorColumn = read.Column ?? 1 };
        using var lease = limiter.Acquire(userId);
        if (!lease.IsAcquired)
            return model with { Error = SubmitAnswer.TooFastMessage(lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1)) };
        var run = await grader.GradeAsync(new GradingTicket(0, userId, problem.Id, problem.Version, seed, text), ct);
        await run.Computation;
        return run.Outcome.Result is { } result
            ? model with { Result = new PracticeResult(result.Verdict, StoredGradeScore(result.Score), result.Feedback) }
            : model with { Error = GradeOutcome.FailedFeedback };
    }

    private static double StoredGradeScore(double score) => Data.Entities.StoredGrade.ScoreOf(score);

    // The problem when the student may open it now (ProblemAccess), and not an exam before its
    // results are released: a graded practice variant would tell how the exam went.
    private async Task<Data.Entities.Problem?> LoadAsync(string userId, int problemId, CancellationToken ct) =>
        await db.OpenProblemAsync(userId, problemId, clock.GetUtcNow(), ct) is { Schedule.ShowsResults: true } open ? open.Problem : null;

    private PracticeModel Model(string userId, Data.Entities.Problem problem, int seed)
    {
        var rendered = catalog.Get(problem)?.Variant(seed).Render();
        var token = _tokens.Protect(string.Join(':', userId, problem.Id.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture)));
        return new PracticeModel(problem.Id, problem.ProblemSetId, problem.ProblemSet.Week, rendered?.Title ?? problem.Title,
            markdown.ToHtml(rendered?.StatementMarkdown ?? "_This problem is being fixed by the teaching staff._"),
            rendered?.Box ?? new AnswerBox("=", "", ""), token)
        {
            AnswerKindName = rendered?.AnswerKind.Name() ?? "",
        };
    }

    private int? Seed(string userId, int problemId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000) return null;
        string plain;
        try
        {
            plain = _tokens.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = plain.Split(':');
        return parts.Length == 3 && parts[0] == userId && parts[1] == problemId.ToString(CultureInfo.InvariantCulture)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : null;
    }
}
