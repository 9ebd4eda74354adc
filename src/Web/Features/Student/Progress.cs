using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Authoring;
using GraderHub.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Student;

public sealed record ProblemProgress(int ProblemId, string Key, string Title, string Kind, int Points,
    int Attempts, double? BestScore, bool Pending)
{
    public double Earned => (BestScore ?? 0) * Points;
    public bool Solved => BestScore >= 1;
}

public sealed record ProblemSetProgress(int Id, string Key, string Title, int Week, string Summary,
    DateTimeOffset? DueAt, IReadOnlyList<ProblemProgress> Problems)
{
    public int PointsPossible => Problems.Sum(p => p.Points);
    public double PointsEarned => Problems.Sum(p => p.Earned);
    public int Solved => Problems.Count(p => p.Solved);
    public int Percent => PointsPossible == 0 ? 0 : (int)Math.Round(100 * PointsEarned / PointsPossible);
}

// A student's standing per set: best graded score per problem after the late policy and hint penalty (overrides
// join in with issue 6), used by the dashboard, the set page and GET /api/problemsets.
public static class Progress
{
    public static async Task<IReadOnlyList<ProblemSetProgress>> ForUserAsync(GraderHubDbContext db,
        string userId, DateTimeOffset now, int? setId, CancellationToken ct)
    {
        // Only the courses the user is enrolled in (Membership), whichever page asks.
        var sets = await db.VisibleSets(now)
            .Where(s => db.CourseIdsOf(userId, CourseLevel.Enrolled).Contains(s.CourseId))
            .Where(s => setId == null || s.Id == setId)
            .OrderBy(s => s.Week).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.Key, s.Title, s.Week, s.Summary, s.DueAt, s.LatePenaltyPerDay,
                Problems = s.Problems.OrderBy(p => p.Position)
                    .Select(p => new { p.Id, p.Key, p.Title, p.Kind, p.Points }).ToList(),
            })
            .ToListAsync(ct);
        var setIds = sets.Select(s => s.Id).ToList();
        // One student's submissions to these sets: few enough to price in memory, where the
        // late policy (a per-submission factor) applies before taking the best.
        var rows = await db.Submissions
            .Where(x => x.UserId == userId && setIds.Contains(x.Problem.ProblemSetId))
            .Select(x => new { x.ProblemId, x.Problem.ProblemSetId, x.Status, x.Score, x.SubmittedAt })
            .ToListAsync(ct);
        var policy = sets.ToDictionary(s => s.Id, s => (s.DueAt, s.LatePenaltyPerDay));
        var hints = await db.HintReveals
            .Where(h => h.UserId == userId && setIds.Contains(h.Problem.ProblemSetId))
            .Select(h => new { h.ProblemId, h.RevealedAt, h.Penalty })
            .ToDictionaryAsync(h => h.ProblemId, ct);
        var stats = rows.GroupBy(x => x.ProblemId).ToDictionary(g => g.Key, g => new
        {
            Attempts = g.Count(),
            Best = g.Where(x => x.Status == SubmissionStatus.Graded)
                .Max(x => EarnedScore.Of(x.Score, x.SubmittedAt, policy[x.ProblemSetId].DueAt, policy[x.ProblemSetId].LatePenaltyPerDay,
                    hints.GetValueOrDefault(x.ProblemId)?.RevealedAt, hints.GetValueOrDefault(x.ProblemId)?.Penalty ?? 0)),
            Pending = g.Any(x => x.Status is SubmissionStatus.Queued or SubmissionStatus.Grading),
        });

        return sets.Select(s => new ProblemSetProgress(s.Id, s.Key, s.Title, s.Week, s.Summary, s.DueAt,
            s.Problems.Select(p => stats.TryGetValue(p.Id, out var st)
                ? new ProblemProgress(p.Id, p.Key, p.Title, p.Kind, p.Points, st.Attempts, st.Best, st.Pending)
                : new ProblemProgress(p.Id, p.Key, p.Title, p.Kind, p.Points, 0, null, false)).ToList())).ToList();
    }
}
