using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Scoring;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Review;

public sealed record OverrideRow(string By, string Reason, double? OldScore, double NewScore, DateTimeOffset At);

public sealed record AttemptRow(long Id, int Attempt, string Answer, DateTimeOffset SubmittedAt, SubmissionStatus Status,
    Verdict? Verdict, double? Score, int DaysLate, ScoreParts Parts, string? Feedback, string? Diagnosis, string? Error,
    IReadOnlyList<OverrideRow> Overrides)
{
    public double LateFactor => Parts.LateFactor;
    // What this attempt is worth (0..1), as ScorePolicy prices it.
    public double? Effective => Parts.Score;
}

public sealed record StudentProblemReview(int ProblemId, string ProblemTitle, int Points, int SetId, string SetTitle,
    DateTimeOffset? DueAt, double LatePenaltyPerDay, string UserId, string StudentName, string StudentEmail,
    IReadOnlyList<AttemptRow> Attempts)
{
    // Same rule as the gradebook (ScorePolicy.Best): the best attempt's worth.
    public double ProblemScore => ScorePolicy.Best(Attempts.Select(a => (a.Id, a.Parts)))?.Score ?? 0;

    public static async Task<StudentProblemReview?> LoadAsync(GraderHubDbContext db, int problemId, string userId, CancellationToken ct)
    {
        var head = await db.Problems.AsNoTracking().Where(p => p.Id == problemId)
            .Select(p => new { p.Title, p.Points, p.ProblemSetId, SetTitle = p.ProblemSet.Title, p.ProblemSet.DueAt, p.ProblemSet.LatePenaltyPerDay, p.ProblemSet.CourseId })
            .SingleOrDefaultAsync(ct);
        if (head is null) return null;
        var student = await db.Enrollments.AsNoTracking()
            .Where(e => e.CourseId == head.CourseId && e.UserId == userId)
            .Select(e => new { e.User.DisplayName, e.User.Email })
            .SingleOrDefaultAsync(ct);
        if (student is null) return null;
        var attempts = await db.Submissions.AsNoTracking()
            .Where(s => s.ProblemId == problemId && s.UserId == userId)
            .OrderBy(s => s.AttemptNumber)
            .Select(s => new
            {
                s.Id, s.AttemptNumber, s.AnswerText, s.SubmittedAt, s.Status, s.Verdict, s.Score, s.Feedback, s.Diagnosis, s.Error,
                Overrides = s.Overrides.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
                    .Select(o => new { o.ByUserId, o.Reason, o.OldScore, o.NewScore, o.CreatedAt }).ToList(),
            })
            .ToListAsync(ct);
        var facts = await db.Submissions.Where(s => s.ProblemId == problemId && s.UserId == userId)
            .Select(ScorePolicy.Facts(db)).ToDictionaryAsync(f => f.SubmissionId, ct);
        var byIds = attempts.SelectMany(a => a.Overrides.Select(o => o.ByUserId)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => byIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return new StudentProblemReview(problemId, head.Title, head.Points, head.ProblemSetId, head.SetTitle, head.DueAt,
            head.LatePenaltyPerDay, userId, student.DisplayName, student.Email ?? "",
            attempts.Select(a => new AttemptRow(a.Id, a.AttemptNumber, a.AnswerText, a.SubmittedAt, a.Status, a.Verdict, a.Score,
                ScorePolicy.DaysLate(head.DueAt, a.SubmittedAt), ScorePolicy.Price(facts[a.Id]),
                a.Feedback, a.Diagnosis, a.Error,
                a.Overrides.Select(o => new OverrideRow(names.GetValueOrDefault(o.ByUserId, o.ByUserId), o.Reason, o.OldScore, o.NewScore, o.CreatedAt)).ToList()))
                .ToList());
    }
}
