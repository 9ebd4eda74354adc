using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Features.Submissions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Student;

// Attempts: those that use one of the set's attempts (Attempts.UsesAttempt), as the problem page
// counts them; Answered: some answer is stored, whether or not it used an attempt.
// Counting: the price of the submission that counts (ScorePolicy.Best), null when none does yet.
// Slot: the slot the problem fills (Pools.SlotOf), counted once in the set's total.
public sealed record ProblemProgress(int ProblemId, string Key, string Title, string Kind, int Points,
    int Attempts, bool Answered, ScoreParts? Counting, bool Pending, bool Solved, string Slot)
{
    public double? BestScore => Counting?.Score;
    public double Earned => (BestScore ?? 0) * Points;
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
    // Where the set stands for this student now (open, due, past due, closed).
    public SetPhase Phase => Schedule.PhaseAt(Now);

    // Problems whose counting score is below the grader's, and why (the dashboard's explanation
    // of a percentage that is lower than "solved" suggests).
    public int LoweredByLateness => Problems.Count(p => p.Counting is { IsOverridden: false, IsLate: true });
    public int LoweredByHint => Problems.Count(p => p.Counting is { IsOverridden: false, IsHinted: true });
    public int SetByStaff => Problems.Count(p => p.Counting is { IsOverridden: true });

    // A student sees one member of each pool; staff see them all, and a slot still counts once.
    public int PointsPossible => Pools.Possible(Problems, p => p.Slot, p => p.Points);
    public double PointsEarned => Problems.GroupBy(p => p.Slot).Sum(g => g.Max(p => p.Earned));
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
                    .Select(p => new { p.Id, p.Key, p.Title, p.Kind, p.Points, p.PoolKey }).ToList(),
            })
            .ToListAsync(ct);
        var setIds = sets.Select(s => s.Id).ToList();
        var staffOf = await db.CourseIdsOf(userId, CourseLevel.Staff).ToListAsync(ct);
        // One student's submissions to these sets: few enough to price in memory.
        var mine = db.Submissions.Where(x => x.UserId == userId && setIds.Contains(x.Problem.ProblemSetId));
        var facts = await ScorePolicy.Facts(db, mine).ToListAsync(ct);
        // Counted as the submit counts them: the set page counted every stored answer, so an
        // answer the grader could not check, or whose grading failed, showed as an attempt used.
        var used = await mine.Where(Attempts.UsesAttempt)
            .GroupBy(x => x.ProblemId).Select(g => new { ProblemId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.ProblemId, x => x.Count, ct);
        var setOf = sets.SelectMany(s => s.Problems.Select(p => (p.Id, SetId: s.Id))).ToDictionary(x => x.Id, x => x.SetId);
        var stats = facts.GroupBy(x => x.ProblemId).ToDictionary(g => g.Key, g =>
        {
            var schedule = schedules[setOf[g.Key]];
            // An exam's results stay hidden until released (EffectiveSchedule.ShowsResults).
            var priced = schedule.ShowsResults ? g.Select(f => (f.SubmissionId, Parts: ScorePolicy.Price(f, schedule))).ToList() : [];
            return new
            {
                Attempts = used.GetValueOrDefault(g.Key),
                Counting = ScorePolicy.Best(priced),
                Pending = g.Any(x => x.Status is SubmissionStatus.Queued or SubmissionStatus.Grading),
                // Solved: some answer got full credit from the grader (or staff), late or hinted or not.
                Solved = priced.Any(p => p.Parts.IsFullCredit),
            };
        });

        return sets.Select(s =>
        {
            // Of each pool, the member the student drew (staff of the course see every member).
            var shown = Pools.ShownTo(userId, staffOf.Contains(schedules[s.Id].CourseId), s.Key, s.Problems, p => p.Key, p => p.PoolKey);
            var problems = shown.Select(p => stats.TryGetValue(p.Id, out var st)
                ? new ProblemProgress(p.Id, p.Key, p.Title, p.Kind, p.Points, st.Attempts, true, st.Counting, st.Pending, st.Solved, Pools.SlotOf(p.Key, p.PoolKey))
                : new ProblemProgress(p.Id, p.Key, p.Title, p.Kind, p.Points, 0, false, null, false, false, Pools.SlotOf(p.Key, p.PoolKey))).ToList();
            return new ProblemSetProgress(s.Id, s.Key, s.Title, s.Week, s.Summary, schedules[s.Id], problems) { Now = now };
        }).ToList();
    }
}
