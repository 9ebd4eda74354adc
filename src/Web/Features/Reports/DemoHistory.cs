using GraderHub.Grading.Feedback;
using GraderHub.Grading.Answers;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Submissions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Reports;

// Development only: the demo students get a deterministic history on week 1 (right first time,
// wrong then right, late, given up, not tried) so a TA opening the site sees full reports.
// Answers are the spec's own self-tests made concrete for each student's variant, and every one is
// graded by the real engine, exactly as the grading job would.
public static class DemoHistory
{
    // Hours from the deadline per attempt, and which answer: 'c' correct, '0'/'1' the spec's wrong answers.
    private static readonly (double Hours, char Answer)[][] Patterns =
    [
        [(-50, 'c')],
        [(-30, '0'), (-29, 'c')],
        [(-20, '0'), (-19, '1'), (20, 'c')],
        [(-10, '0')],
        [(30, 'c')],
        [],
    ];

    public static async Task EnsureAsync(GraderHubDbContext db, TimeProvider clock, ProblemCatalog catalog, IReadOnlyList<string> studentIds)
    {
        if (studentIds.Count == 0 || await db.Submissions.AnyAsync(s => studentIds.Contains(s.UserId))) return;
        var set = await db.ProblemSets.Include(s => s.Problems).SingleOrDefaultAsync(s => s.Key == "week-1");
        if (set is null) return;
        if (set.DueAt is null)
        {
            // A deadline two days ago, so the history has late attempts the late policy applies to.
            set.DueAt = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(-2).AddHours(23);
            set.LatePenaltyPerDay = 0.1;
        }
        var due = set.DueAt.Value;
        foreach (var (problem, p) in set.Problems.OrderBy(x => x.Position).Select((x, i) => (x, i)))
        {
            if (catalog.Get(problem) is not { } def) continue;
            foreach (var (userId, s) in studentIds.Select((u, i) => (u, i)))
            {
                var seed = VariantSeeds.For(userId, set.Key, problem.Key);
                var variant = def.Variant(seed);
                var correct = variant.SelfTests.FirstOrDefault(t => t.ShouldBeCorrect)?.Answer;
                var wrong = variant.SelfTests.Where(t => !t.ShouldBeCorrect).Select(t => t.Answer).ToList();
                if (correct is null) continue;
                var attempt = 0;
                foreach (var (hours, which) in Patterns[(s + (2 * p)) % Patterns.Length])
                {
                    var template = which == 'c' ? correct : wrong.ElementAtOrDefault(which - '0') ?? wrong.FirstOrDefault();
                    if (template is null) continue;
                    // Odd students write the same slip in another form, so grouping by equivalence shows.
                    var answer = template;
                    if (which != 'c' && s % 2 == 1 && variant.AnswerKind == AnswerKind.Expression) answer = "(" + answer + ")";
                    var result = variant.Grade(answer, FeedbackDetail.Words);
                    if (result.Verdict == GradeVerdict.Invalid) continue;
                    var at = due.AddHours(hours - p);
                    var submission = new Submission
                    {
                        ProblemId = problem.Id, UserId = userId, AnswerText = answer, VariantSeed = seed,
                        AttemptNumber = ++attempt, GradingAttempts = 1, SubmittedAt = at, GradingStartedAt = at,
                    };
                    submission.RecordGrade(result, ProblemGrading.GraderVersion, problem.Version, at.AddSeconds(1));
                    db.Submissions.Add(submission);
                }
            }
        }
        await db.SaveChangesAsync();
        // Written around the grade writer: its gradebook rows too (Scoring/ProblemScores).
        await Scoring.ProblemScores.RefreshSetAsync(db, set.Id, studentIds, default);
    }
}
