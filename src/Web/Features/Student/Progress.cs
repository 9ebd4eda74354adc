using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Student;

// Counting: the price of the submission that counts (ScorePolicy.Best), null when none does yet.
public sealed record ProblemProgress(int ProblemId, string Key, string Title, string Kind, int Points,
    int Attempts, ScoreParts? Counting, bool Pending)
{
    public double? BestScore => Counting?.Score;
    public double Earned => (BestScore ?? 0) * Points;
    public bool Solved => BestScore >= 1;
}

// Schedule: the student's own dates of the set (extensions included); DueAt is theirs.
public sealed record ProblemSetProgress(int Id, string Key, string Title, int Week, string Summary,
    EffectiveSchedule Schedule, IReadOnlyList<ProblemProgress> Problems)
{
    public DateTimeOffset? DueAt => Schedule.DueAt;
    // The server's time when the page was made (time left, whether problems show).
    public DateTimeOffset Now { get; init; }
    // A refused start, shown beside the button.
    public string? Error { get; init; }

    public int PointsPossible => Problems.Sum(p => p.Points);
    public double PointsEarned => Problems.Sum(p => p.Earned);
    public int Solved => Problems.Count(p => p.Solved);
    public int Percent => PointsPossible == 0 ? 0 : (int)Math.Round(100 * PointsEarned / PointsPossible);
}

// A student's standing per set: the best submission per problem as ScorePolicy prices it (late and
// hint factors, an override wins), used by the dashboard, the set page and GET /api/problemsets.
public static class Progress
{
    public static async Task<IReadOnlyList<ProblemSetProgress>> ForUserAsync(GraderHubDbContext db,
        string userId, DateTimeOffset now, int? setId, CancellationToken ct)
    {
        // Only the courses the user is enrolled in, open on the user's schedule (ProblemAccess).
        var schedules = (await db.OpenSetsAsync(userId, now, ct)).Where(s => setId == null || s.SetId == setId)
            .ToDictionary(s => s.SetId);
        var openIds = schedules.Keys.ToList();
        var sets = await db.ProblemSets.Where(s => openIds.Contains(s.Id))
            .OrderBy(s => s.Week).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.Key, s.Title, s.Week, s.Summary,
                Problems = s.Problems.OrderBy(p => p.Position)
                    .Select(p => new { p.Id, p.Key, p.Title, p.Kind, p.Points }).ToList(),
            })
            .ToListAsync(ct);
        var setIds = sets.Select(s => s.Id).ToList();
        // One student's submissions to these sets: few enough to price in memory.
        var facts = await ScorePolicy.Facts(db, db.Submissions.Where(x => x.UserId == userId && setIds.Contains(x.Problem.ProblemSetId)))
            .ToListAsync(ct);
        var setOf = sets.SelectMany(s => s.Problems.Select(p => (p.Id, SetId: s.Id))).ToDictionary(x => x.Id, x => x.SetId);
        var stats = facts.GroupBy(x => x.ProblemId).ToDictionary(g => g.Key, g => new
        {
            Attempts = g.Count(),
            // An exam's results stay hidden until released (EffectiveSchedule.ShowsResults).
            Counting = schedules[setOf[g.Key]].ShowsResults
                ? ScorePolicy.Best(g.Select(f => (f.SubmissionId, ScorePolicy.Price(f, schedules[setOf[f.ProblemId]])))) : null,
            Pending = g.Any(x => x.Status is SubmissionStatus.Queued or SubmissionStatus.Grading),
        });

        return sets.Select(s =>
        {
            var problems = s.Problems.Select(p => stats.TryGetValue(p.Id, out var st)
                ? new ProblemProgress(p.Id, p.Key, p.Title, p.Kind, p.Points, st.Attempts, st.Counting, st.Pending)
                : new ProblemProgress(p.Id, p.Key, p.Title, p.Kind, p.Points, 0, null, false)).ToList();
            return new ProblemSetProgress(s.Id, s.Key, s.Title, s.Week, s.Summary, schedules[s.Id], problems) { Now = now };
        }).ToList();
    }
}
