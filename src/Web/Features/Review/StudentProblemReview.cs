using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Review;

public sealed record OverrideRow(string By, string Reason, double? OldScore, double NewScore, DateTimeOffset At);

// Latex: the answer as the engine read it, null when it does not read (shown as typed).
public sealed record AttemptRow(long Id, int Attempt, string Answer, string? Latex, DateTimeOffset SubmittedAt, SubmissionStatus Status,
    Verdict? Verdict, double? Score, int DaysLate, ScoreParts Parts, string? Feedback, string? Diagnosis, string? Error,
    IReadOnlyList<OverrideRow> Overrides)
{
    public double LateFactor => Parts.LateFactor;
    public double HintFactor => Parts.HintFactor;
    // What this attempt is worth (0..1), as ScorePolicy prices it.
    public double? Effective => Parts.Score;
}

// Where the previous and next links of the review page go: other students of the course on this
// problem, other problems of the course for this student (null at either end).
public sealed record ReviewNeighbours(Neighbour? PreviousStudent, Neighbour? NextStudent, Neighbour? PreviousProblem, Neighbour? NextProblem);

public sealed record Neighbour(int ProblemId, string UserId, string Label);

public sealed record StudentProblemReview(int ProblemId, string ProblemTitle, int Points, int SetId, string SetTitle,
    DateTimeOffset? DueAt, double LatePenaltyPerDay, string UserId, string StudentName, string StudentEmail,
    IReadOnlyList<AttemptRow> Attempts)
{
    public int Seed { get; init; }
    // The statement as this student's variant reads; null when the stored spec no longer reads.
    public string? StatementHtml { get; init; }
    public ReferenceAnswer? Reference { get; init; }
    public DateTimeOffset? HintRevealedAt { get; init; }
    public double HintPenalty { get; init; }
    public ReviewNeighbours Neighbours { get; init; } = new(null, null, null, null);

    // Same rule as the gradebook (ScorePolicy.Best): the best attempt's worth.
    public double ProblemScore => ScorePolicy.Best(Attempts.Select(a => (a.Id, a.Parts)))?.Score ?? 0;

    public static async Task<StudentProblemReview?> LoadAsync(GraderHubDbContext db, MarkdownRenderer markdown, ProblemCatalog catalog, int problemId, string userId,
        CancellationToken ct)
    {
        var problem = await db.Problems.AsNoTracking().Include(p => p.ProblemSet).SingleOrDefaultAsync(p => p.Id == problemId, ct);
        if (problem is null) return null;
        var set = problem.ProblemSet;
        var student = await db.Enrollments.AsNoTracking()
            .Where(e => e.CourseId == set.CourseId && e.UserId == userId)
            .Select(e => new { e.User.DisplayName, e.User.Email })
            .SingleOrDefaultAsync(ct);
        if (student is null) return null;
        var attempts = await db.Submissions.AsNoTracking()
            .Where(s => s.ProblemId == problemId && s.UserId == userId)
            .OrderBy(s => s.AttemptNumber)
            .Select(s => new
            {
                s.Id, s.AttemptNumber, s.AnswerText, s.VariantSeed, s.SubmittedAt, s.Status, s.Verdict, s.Score, s.Feedback, s.Diagnosis, s.Error,
                Overrides = s.Overrides.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
                    .Select(o => new { o.ByUserId, o.Reason, o.OldScore, o.NewScore, o.CreatedAt }).ToList(),
            })
            .ToListAsync(ct);
        var schedule = (await Schedules.ForStudentAsync(db, userId, set.Id, ct))!;
        var facts = await ScorePolicy.Facts(db, db.Submissions.Where(s => s.ProblemId == problemId && s.UserId == userId))
            .ToDictionaryAsync(f => f.SubmissionId, ct);
        var reveal = await db.HintReveals.AsNoTracking().Where(h => h.UserId == userId && h.ProblemId == problemId)
            .Select(h => new { h.RevealedAt, h.Penalty }).SingleOrDefaultAsync(ct);
        var byIds = attempts.SelectMany(a => a.Overrides.Select(o => o.ByUserId)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => byIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        var definition = catalog.Get(problem);
        var seed = ProblemAccess.SeedFor(userId, problem);
        var rows = attempts.Select(a => new AttemptRow(a.Id, a.AttemptNumber, a.AnswerText,
                VariantMath.AnswerLatex(definition, a.VariantSeed, a.AnswerText), a.SubmittedAt, a.Status, a.Verdict, a.Score,
                schedule.DaysLate(a.SubmittedAt), ScorePolicy.Price(facts[a.Id], schedule),
                a.Feedback, a.Diagnosis, a.Error,
                a.Overrides.Select(o => new OverrideRow(names.GetValueOrDefault(o.ByUserId, o.ByUserId), o.Reason, o.OldScore, o.NewScore, o.CreatedAt)).ToList()))
            .ToList();
        // The student's own due date and penalty (an extension shows here as it prices).
        return new StudentProblemReview(problemId, problem.Title, problem.Points, set.Id, set.Title, schedule.DueAt, schedule.LatePenaltyPerDay,
            userId, student.DisplayName, student.Email ?? "", rows)
        {
            Seed = seed,
            StatementHtml = definition is null ? null : markdown.ToHtml(VariantMath.Render(definition, seed).StatementMarkdown),
            Reference = definition is null ? null : VariantMath.Reference(definition, seed),
            HintRevealedAt = reveal?.RevealedAt,
            HintPenalty = reveal?.Penalty ?? 0,
            Neighbours = await NeighboursAsync(db, set.CourseId, problemId, userId, ct),
        };
    }

    // Students in name order, problems in course order (week, set, position).
    private static async Task<ReviewNeighbours> NeighboursAsync(GraderHubDbContext db, int courseId, int problemId, string userId, CancellationToken ct)
    {
        var students = await db.Enrollments.AsNoTracking()
            .Where(e => e.CourseId == courseId && e.Role == CourseRole.Student)
            .OrderBy(e => e.User.DisplayName).ThenBy(e => e.UserId)
            .Select(e => new { e.UserId, e.User.DisplayName })
            .ToListAsync(ct);
        var problems = await db.Problems.AsNoTracking()
            .Where(p => p.ProblemSet.CourseId == courseId)
            .OrderBy(p => p.ProblemSet.Week).ThenBy(p => p.ProblemSetId).ThenBy(p => p.Position)
            .Select(p => new { p.Id, p.Title, p.ProblemSet.Week })
            .ToListAsync(ct);
        var s = students.FindIndex(x => x.UserId == userId);
        var p = problems.FindIndex(x => x.Id == problemId);
        Neighbour? Student(int i) => s >= 0 && i >= 0 && i < students.Count && i != s
            ? new Neighbour(problemId, students[i].UserId, students[i].DisplayName) : null;
        Neighbour? Problem(int i) => p >= 0 && i >= 0 && i < problems.Count && i != p
            ? new Neighbour(problems[i].Id, userId, $"Week {problems[i].Week}: {problems[i].Title}") : null;
        return new ReviewNeighbours(Student(s - 1), Student(s + 1), Problem(p - 1), Problem(p + 1));
    }
}
