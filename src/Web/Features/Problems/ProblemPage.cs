using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Features.Solutions;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Problems;

// Parts: the attempt's price (ScorePolicy), so the page shows the score that counts and why.
// Latex: the answer as the variant reads it (the preview's reading), for KaTeX; null when it no
// longer reads (an answer to an older version of the problem), and the text shows alone.
public sealed record AttemptRow(long Id, int Attempt, string Answer, string Status, ScoreParts Parts,
    string? Verdict, string? Feedback, DateTimeOffset SubmittedAt)
{
    public double? Score => Parts.Score;
    public string? Latex { get; init; }
    // Read but not checked (too slow to check, say): no attempt used, nothing marked; problem.js
    // mirrors it for grades that arrive while the page is open.
    public bool NotChecked => Status == "graded" && Verdict == "invalid";
}

// A neighbouring problem in course order (set by set, then the set's own order).
public sealed record ProblemLink(int Id, string Title);

public sealed record ProblemPageModel(int Id, int SetId, string SetTitle, int Week, string Title, int Points,
    string StatementHtml, IReadOnlyList<string> Variables, AnswerBox Box, string? Hint,
    int? AttemptsLeft, IReadOnlyList<AttemptRow> Attempts)
{
    public string AnswerSyntaxHelp => Box.SyntaxHelp;

    // "expression", "vector", ...: the math editor is offered for expressions only.
    public string AnswerKindName { get; init; } = "";

    // Set after a refused or malformed post, to show the error next to the answer box.
    public string? Answer { get; init; }
    public string? Error { get; init; }
    public int? ErrorColumn { get; init; }

    // The student's own dates (extensions included), shown next to the answer box so a late
    // penalty, a refusal or the end of a timed set's time is no surprise.
    public required EffectiveSchedule Schedule { get; init; }
    public DateTimeOffset Now { get; init; }
    public string? Closed { get; init; }
    public SetPhase Phase => Schedule.PhaseAt(Now);
    // The set's solution policy for this student (SolutionPolicy).
    public required SolutionAvailability Solution { get; init; }
    public ProblemLink? Previous { get; init; }
    public ProblemLink? Next { get; init; }
    // Set after "report a problem" went to the teaching staff.
    public bool Reported { get; init; }
    // Set after a report was refused: shown beside the report form, with the words kept.
    public string? ReportMessage { get; init; }
    public string? ReportError { get; init; }

    // Hint is null while a hint with a penalty is not yet revealed.
    public bool HasHint { get; init; }
    public double HintPenalty { get; init; }
    public bool HintRevealed { get; init; }
}

public sealed class ProblemPage(GraderHubDbContext db, TimeProvider clock, MarkdownRenderer markdown, ProblemCatalog catalog,
    Exam.CallerAddress caller)
{
    public async Task<ProblemPageModel?> LoadAsync(string userId, int problemId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.OpenProblemAsync(userId, problemId, now, ct) is not { } open) return null;
        var (problem, schedule) = open;
        var definition = catalog.Get(problem);
        var rendered = catalog.VariantFor(userId, problem)?.Render()
            ?? new RenderedProblem(problem.Title, "_This problem is being fixed by the teaching staff._", AnswerKind.Expression, [],
                new AnswerBox("=", "", ""), null);

        var rows = await db.Submissions.AsNoTracking()
            .Where(s => s.UserId == userId && s.ProblemId == problemId)
            .OrderByDescending(s => s.AttemptNumber)
            .Select(s => new { s.Id, s.AttemptNumber, s.AnswerText, s.VariantSeed, s.Status, s.Verdict, s.Feedback, s.SubmittedAt })
            .ToListAsync(ct);
        var reveal = await db.HintReveals.AsNoTracking().Where(h => h.UserId == userId && h.ProblemId == problemId)
            .Select(h => new { h.RevealedAt, h.Penalty }).SingleOrDefaultAsync(ct);
        // Scores as they count: late and hint factors, or the staff's override and its reason.
        var facts = await ScorePolicy.Facts(db, db.Submissions.Where(s => s.UserId == userId && s.ProblemId == problemId))
            .ToDictionaryAsync(f => f.SubmissionId, ct);
        var attempts = rows.Select(s => new AttemptRow(s.Id, s.AttemptNumber, s.AnswerText, Verdicts.Text(s.Status),
            ScorePolicy.Price(facts[s.Id], schedule), Verdicts.Text(s.Verdict), s.Feedback, s.SubmittedAt)
        {
            // The same reading as the staff's review page (VariantMath), of the variant answered.
            Latex = VariantMath.AnswerLatex(definition, s.VariantSeed, s.AnswerText),
        }).ToList();
        // A hint with a penalty stays hidden until the student asks for it (POST /problems/{id}/hint).
        var hintShown = rendered.Hint is not null && (problem.HintPenalty <= 0 || reveal is not null);
        var used = await Submissions.Attempts.UsedAsync(db, userId, problemId, ct);
        var left = schedule.AttemptsLeft(used);
        var (previous, next) = await NeighboursAsync(userId, problem, now, ct);

        return new ProblemPageModel(problem.Id, problem.ProblemSetId, problem.ProblemSet.Title, problem.ProblemSet.Week,
            rendered.Title, problem.Points, markdown.ToHtml(rendered.StatementMarkdown), rendered.Variables,
            rendered.Box, hintShown ? markdown.ToHtml(rendered.Hint!) : null, left, attempts)
        {
            // The box keeps the latest answer, so fixing one character needs no retyping.
            Answer = rows.FirstOrDefault()?.AnswerText,
            AnswerKindName = rendered.AnswerKind.Name(),
            Schedule = schedule,
            Now = now,
            // Why an answer given now would be refused (outside the exam's networks, closed, time
            // up, no attempts), if it would.
            Closed = (schedule.PlaceRefusal(caller.Value) ?? schedule.AnswerRefusal(now, used))?.Reason,
            Solution = SolutionPolicy.For(problem.ProblemSet.SolutionRelease, schedule, now, left),
            Previous = previous,
            Next = next,
            HasHint = rendered.Hint is not null,
            HintPenalty = reveal?.Penalty ?? problem.HintPenalty,
            HintRevealed = reveal is not null,
        };
    }

    // The problems the student may open now (ProblemAccess: their own dates, a timed set once
    // started, only the exam while it runs), in course order.
    private async Task<(ProblemLink? Previous, ProblemLink? Next)> NeighboursAsync(string userId, Problem problem, DateTimeOffset now, CancellationToken ct)
    {
        var courseId = problem.ProblemSet.CourseId;
        var shown = (await db.OpenSetsAsync(userId, now, ct)).Where(s => s.CourseId == courseId && s.ShowsProblems(now))
            .Select(s => s.SetId).ToList();
        var rows = await db.Problems.AsNoTracking().Where(p => shown.Contains(p.ProblemSetId))
            .OrderBy(p => p.ProblemSet.Week).ThenBy(p => p.ProblemSetId).ThenBy(p => p.Position).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Title, p.Key, p.PoolKey, SetKey = p.ProblemSet.Key }).ToListAsync(ct);
        // Of each pool, only the member the student drew (Pools).
        var isStaff = await db.RoleInAsync(userId, courseId, ct) is { } role && Membership.Grants(role, CourseLevel.Staff);
        var order = rows.GroupBy(r => r.SetKey)
            .SelectMany(g => Pools.ShownTo(userId, isStaff, g.Key, g.ToList(), r => r.Key, r => r.PoolKey))
            .Select(r => new ProblemLink(r.Id, r.Title)).ToList();
        var i = order.FindIndex(p => p.Id == problem.Id);
        return (i > 0 ? order[i - 1] : null, i >= 0 && i < order.Count - 1 ? order[i + 1] : null);
    }
}
