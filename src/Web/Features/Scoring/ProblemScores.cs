using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Scoring;

// The ProblemScore rows: what each student's problem counts for, written from ScorePolicy alone,
// so no price is computed a second way: a refresh from its SQL form (PricedInSet,
// BestPerStudentAndProblem), an added grade from its C# form (Price, Counting), the two kept equal
// by ScorePolicyAgreementTests. Every change that can move a price calls one of these in its own
// transaction: a grade written (AddGradesAsync); an override (one or a group's), a regrade
// (RefreshForSubmissionsAsync); a set's dates or penalty, a student's or group's schedule
// override, a group's members (RefreshSetAsync). The rows are derived: RebuildAsync recomputes
// every one from the submissions (at start-up when the table is empty but grades exist, or when
// GraderHub:ProblemScores:Rebuild is true).
public static class ProblemScores
{
    // The (student, problem) pairs of these submissions.
    public static async Task RefreshForSubmissionsAsync(GraderHubDbContext db, IReadOnlyCollection<long> submissionIds, CancellationToken ct)
    {
        if (submissionIds.Count == 0) return;
        var ids = submissionIds.ToList();
        var pairs = await db.Submissions.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.UserId, s.ProblemId, s.Problem.ProblemSetId }).Distinct().ToListAsync(ct);
        // Per set, its students times its problems: a few more pairs than changed, recomputed the same.
        // Sets in id order, as every refresh takes them (PairLocks).
        foreach (var set in pairs.GroupBy(p => p.ProblemSetId).OrderBy(g => g.Key))
            await RefreshAsync(db, set.Key, set.Select(p => p.UserId).Distinct().ToList(), set.Select(p => p.ProblemId).Distinct().ToList(), ct);
    }

    // Grades just written (GradeWriter, GradingClaim). A new grade only adds a candidate to its
    // pair, so each pair's row becomes the better of the row and the new submissions, chosen by
    // ScorePolicy.Counting and priced by ScorePolicy.Price with the student's schedule: the choice
    // the full refresh makes, without reading the pair's other submissions or anyone else's
    // schedule: the refresh read every attempt of the pair and every schedule of the set for
    // each batch, a cost that grows with attempts and extensions. Under `graderhub load` at 450
    // answers a second, where pairs have few attempts and no student an extension, perf put the
    // refresh at 2.8 % of the site's samples and this at 3.5 % (README, 2026-12-03).
    public static async Task AddGradesAsync(GraderHubDbContext db, IReadOnlyCollection<long> submissionIds, CancellationToken ct)
    {
        if (submissionIds.Count == 0) return;
        var ids = submissionIds.ToHashSet();
        var idList = ids.ToList();
        var added = await ScorePolicy.Facts(db, db.Submissions.AsNoTracking().Where(s => idList.Contains(s.Id))).ToListAsync(ct);
        var problemIds = added.Select(f => f.ProblemId).Distinct().ToList();
        var setOf = await db.Problems.AsNoTracking().Where(p => problemIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.ProblemSetId, ct);
        // Sets in id order, as every refresh takes them (PairLocks).
        foreach (var set in added.GroupBy(f => setOf[f.ProblemId]).OrderBy(g => g.Key))
            await AddToSetAsync(db, set.Key, [.. set], ids, ct);
    }

    private static async Task AddToSetAsync(GraderHubDbContext db, int setId, List<ScoreFacts> added, HashSet<long> addedIds, CancellationToken ct)
    {
        var users = added.Select(f => f.UserId).Distinct(StringComparer.Ordinal).ToList();
        var problems = added.Select(f => f.ProblemId).Distinct().ToList();
        await PairLocks.TakeAsync(db, setId, users, ct);
        if (await Schedules.ForSetAsync(db, setId, users, ct) is not { } schedules) return;
        var rows = await db.ProblemScores.AsNoTracking().Where(r => problems.Contains(r.ProblemId) && users.Contains(r.UserId))
            .ToDictionaryAsync(r => (r.UserId, r.ProblemId), ct);
        var written = new List<ProblemScore>();
        foreach (var pair in added.GroupBy(f => (f.UserId, f.ProblemId)))
        {
            var row = rows.GetValueOrDefault(pair.Key);
            var candidates = pair.Select(f => (f.SubmissionId, ScorePolicy.Price(f, schedules.For(f.UserId))));
            // A row already on one of these submissions (staff scored it while it waited) is
            // priced again from its new facts instead; its override still wins, so it cannot drop.
            if (row is not null && !addedIds.Contains(row.SubmissionId)) candidates = candidates.Append((row.SubmissionId, PartsOf(row)));
            if (ScorePolicy.Counting(candidates) is not { } counting
                || (row is not null && counting.SubmissionId == row.SubmissionId && counting.Parts == PartsOf(row))) continue;
            var counted = Row(pair.Key.UserId, pair.Key.ProblemId, counting.SubmissionId, counting.Parts);
            if (row is null) db.ProblemScores.Add(counted);
            else db.ProblemScores.Update(counted);
            written.Add(counted);
        }
        if (written.Count == 0) return;
        await db.SaveChangesAsync(ct);
        foreach (var row in written) db.Entry(row).State = EntityState.Detached;
    }

    // The row of the submission that counts, with its price's parts.
    private static ProblemScore Row(string userId, int problemId, long submissionId, ScoreParts parts) => new()
    {
        UserId = userId, ProblemId = problemId, SubmissionId = submissionId, Score = parts.Score!.Value,
        GraderScore = parts.GraderScore, LateFactor = parts.LateFactor, HintFactor = parts.HintFactor,
        OverrideScore = parts.OverrideScore, OverrideReason = parts.OverrideReason,
    };

    // Every pair of one set, or only these students' (null: everyone).
    public static Task RefreshSetAsync(GraderHubDbContext db, int setId, IReadOnlyCollection<string>? userIds, CancellationToken ct) =>
        RefreshAsync(db, setId, userIds?.ToList(), null, ct);

    // Every pair of the set whose schedule depends on this group (its members), in every set of its course.
    public static async Task RefreshGroupAsync(GraderHubDbContext db, int groupId, CancellationToken ct)
    {
        var members = await db.StudentGroupMembers.AsNoTracking().Where(m => m.StudentGroupId == groupId).Select(m => m.UserId).ToListAsync(ct);
        var sets = await db.ProblemSets.AsNoTracking()
            .Where(s => db.StudentGroups.Any(g => g.Id == groupId && g.CourseId == s.CourseId)).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        foreach (var setId in sets) await RefreshSetAsync(db, setId, members, ct);
    }

    // Every row, from scratch; returns how many pairs count.
    public static async Task<int> RebuildAsync(GraderHubDbContext db, CancellationToken ct)
    {
        await db.ProblemScores.ExecuteDeleteAsync(ct);
        var sets = await db.ProblemSets.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        foreach (var setId in sets) await RefreshAsync(db, setId, null, null, ct);
        return await db.ProblemScores.CountAsync(ct);
    }

    // Missing: nothing stored though some submission counts (a database from before the table,
    // or one written around the application, as bench-reports does).
    public static async Task<bool> AreMissingAsync(GraderHubDbContext db, CancellationToken ct) =>
        !await db.ProblemScores.AnyAsync(ct)
        && await db.Submissions.AnyAsync(s => s.Status == SubmissionStatus.Graded || s.Overrides.Any(), ct);

    // What the rows of these pairs should hold, priced now (the drift check compares it with the table).
    public static async Task<List<ProblemScore>> ComputeAsync(GraderHubDbContext db, int setId, List<string>? userIds,
        List<int>? problemIds, CancellationToken ct)
    {
        if (await Schedules.ForSetAsync(db, setId, ct) is not { } schedules) return [];
        var problems = problemIds ?? await db.Problems.Where(p => p.ProblemSetId == setId).Select(p => p.Id).ToListAsync(ct);
        var submissions = db.Submissions.AsNoTracking().Where(s => problems.Contains(s.ProblemId));
        if (userIds is not null) submissions = submissions.Where(s => userIds.Contains(s.UserId));
        var best = await ScorePolicy.BestPerStudentAndProblem(ScorePolicy.PricedInSet(db, submissions, schedules)).ToListAsync(ct);
        return best.Select(b => Row(b.UserId, b.ProblemId, b.SubmissionId,
            new ScoreParts(b.GraderScore, b.LateFactor, b.HintFactor, b.OverrideScore, b.OverrideReason))).ToList();
    }

    public static ScoreParts PartsOf(ProblemScore row) => new(row.GraderScore, row.LateFactor, row.HintFactor, row.OverrideScore, row.OverrideReason);

    // Deletes the pairs' rows and writes them again; the caller's transaction holds both.
    private static async Task RefreshAsync(GraderHubDbContext db, int setId, List<string>? userIds, List<int>? problemIds, CancellationToken ct)
    {
        await PairLocks.TakeAsync(db, setId, userIds, ct);
        var rows = await ComputeAsync(db, setId, userIds, problemIds, ct);
        var problems = problemIds ?? await db.Problems.Where(p => p.ProblemSetId == setId).Select(p => p.Id).ToListAsync(ct);
        var stale = db.ProblemScores.Where(r => problems.Contains(r.ProblemId));
        if (userIds is not null) stale = stale.Where(r => userIds.Contains(r.UserId));
        await stale.ExecuteDeleteAsync(ct);
        if (rows.Count == 0) return;
        db.ProblemScores.AddRange(rows);
        await db.SaveChangesAsync(ct);
        // Not kept tracked: the next refresh deletes them in SQL and adds new instances with the same keys.
        foreach (var row in rows) db.Entry(row).State = EntityState.Detached;
    }

    // Two refreshes of one student's rows must not interleave. On PostgreSQL (read committed) two
    // grades of one student and problem committing together each priced without the other's
    // grade and both inserted the row: one failed on the primary key (the job then waited for
    // Hangfire's retry), or the last to commit kept a price that missed the other's grade. So a
    // refresh first takes transaction-scoped advisory locks: the set's, shared by refreshes of
    // listed students and exclusive for a refresh of everyone, then each listed student's, in
    // ordinal order of the ids, sets in id order (the callers'), so no two transactions wait for
    // each other. Held until the caller's transaction ends; the price is computed after they are
    // granted, so it sees every grade committed before. SQLite needs none: its transactions
    // begin immediate, one writer at a time.
    private static class PairLocks
    {
        // Any fixed number names the set locks' key space; this one reads "GHPS" in ASCII.
        private const long SetKeys = 0x4748_5053_0000_0000;

        public static async Task TakeAsync(GraderHubDbContext db, int setId, List<string>? userIds, CancellationToken ct)
        {
            if (DatabaseSetup.ProviderOf(db) is DatabaseProvider.Sqlite) return;
            var setKey = SetKeys + setId;
            if (userIds is null)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({setKey})", ct);
                return;
            }
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({setKey})", ct);
            // The two-key form is a key space of its own: (set, student) never meets a set's key.
            foreach (var userId in userIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({setId}, hashtext({userId}))", ct);
        }
    }
}
