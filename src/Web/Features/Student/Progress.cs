using GraderHub.Data;
using GraderHub.Data.Entities;
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

// A student's standing per set: best graded score per problem (overrides and late penalties
// join in with issue 6), used by the dashboard, the set page and GET /api/problemsets.
public static class Progress
{
    public static async Task<IReadOnlyList<ProblemSetProgress>> ForUserAsync(GraderHubDbContext db,
        string userId, DateTimeOffset now, int? setId, CancellationToken ct)
    {
        var sets = await db.VisibleSets(now)
            .Where(s => setId == null || s.Id == setId)
            .OrderBy(s => s.Week).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.Key, s.Title, s.Week, s.Summary, s.DueAt,
                Problems = s.Problems.OrderBy(p => p.Position)
                    .Select(p => new { p.Id, p.Key, p.Title, p.Kind, p.Points }).ToList(),
            })
            .ToListAsync(ct);
        var setIds = sets.Select(s => s.Id).ToList();
        var stats = await db.Submissions
            .Where(x => x.UserId == userId && setIds.Contains(x.Problem.ProblemSetId))
            .GroupBy(x => x.ProblemId)
            .Select(g => new
            {
                ProblemId = g.Key,
                Attempts = g.Count(),
                Best = g.Where(x => x.Status == SubmissionStatus.Graded).Max(x => x.Score),
                Pending = g.Any(x => x.Status == SubmissionStatus.Queued || x.Status == SubmissionStatus.Grading),
            })
            .ToDictionaryAsync(x => x.ProblemId, ct);

        return sets.Select(s => new ProblemSetProgress(s.Id, s.Key, s.Title, s.Week, s.Summary, s.DueAt,
            s.Problems.Select(p => stats.TryGetValue(p.Id, out var st)
                ? new ProblemProgress(p.Id, p.Key, p.Title, p.Kind, p.Points, st.Attempts, st.Best, st.Pending)
                : new ProblemProgress(p.Id, p.Key, p.Title, p.Kind, p.Points, 0, null, false)).ToList())).ToList();
    }
}
