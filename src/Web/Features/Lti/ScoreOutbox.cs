using System.Globalization;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Student;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

// Writes a score to publish whenever a student's score of a set may have changed (a grade
// stored, an override, a regrade, new set dates), for every LMS course linked to the set's course
// that knows the student. The set score is the student's progress as ScorePolicy prices it
// (Student/Progress: best counting submission per problem, late and hint factors, an override
// wins), so the LMS receives what GraderHub's own pages show. A row equal to the last one for the
// same student, set and LMS course is not written again. Callers write these rows in the
// transaction of the change itself, so a change and its outbox row are committed together.
public sealed class ScoreOutbox(GraderHubDbContext db, IBackgroundJobClient jobs, TimeProvider clock, ILogger<ScoreOutbox> log)
{
    public async Task<IReadOnlyList<long>> RecordForSubmissionsAsync(IReadOnlyCollection<long> submissionIds, CancellationToken ct)
    {
        if (submissionIds.Count == 0 || !await db.LtiUserLinks.AnyAsync(ct)) return [];
        var pairs = await db.Submissions.Where(s => submissionIds.Contains(s.Id))
            .Select(s => new { s.UserId, s.Problem.ProblemSetId }).Distinct().ToListAsync(ct);
        return await RecordAsync(pairs.Select(p => (p.UserId, p.ProblemSetId)).ToList(), force: false, ct);
    }

    // Every LMS-linked student of the set (its dates or penalty changed).
    public async Task<IReadOnlyList<long>> RecordForSetAsync(int setId, CancellationToken ct)
    {
        if (!await db.LtiUserLinks.AnyAsync(ct)) return [];
        var courseId = await db.ProblemSets.Where(s => s.Id == setId).Select(s => s.CourseId).SingleOrDefaultAsync(ct);
        var students = await db.Enrollments.Where(e => e.CourseId == courseId && e.Role == CourseRole.Student
                && db.LtiUserLinks.Any(l => l.UserId == e.UserId))
            .Select(e => e.UserId).ToListAsync(ct);
        return await RecordAsync(students.Select(u => (u, setId)).ToList(), force: false, ct);
    }

    // force: write a row even when it equals the last one (staff's "resend").
    public async Task<IReadOnlyList<long>> RecordAsync(IReadOnlyList<(string UserId, int SetId)> changes, bool force, CancellationToken ct)
    {
        var written = new List<LtiScore>();
        var now = clock.GetUtcNow();
        foreach (var (userId, setId) in changes.Distinct())
        {
            var targets = await (from c in db.LtiContextLinks
                                 join s in db.ProblemSets on c.CourseId equals s.CourseId
                                 join l in db.LtiUserLinks on c.PlatformId equals l.PlatformId
                                 where s.Id == setId && l.UserId == userId
                                 select new { ContextId = c.Id, l.Subject }).ToListAsync(ct);
            if (targets.Count == 0) continue;
            var progress = (await Progress.ForUserAsync(db, userId, now, setId, ct)).SingleOrDefault();
            if (progress is null || progress.PointsPossible == 0) continue;
            foreach (var target in targets)
            {
                var score = new LtiScore
                {
                    ContextLinkId = target.ContextId, ProblemSetId = setId, UserId = userId, Subject = target.Subject,
                    ScoreGiven = Math.Round(progress.PointsEarned, 4), ScoreMaximum = progress.PointsPossible,
                    ActivityProgress = progress.Problems.All(p => p.Answered) ? "Completed"
                        : progress.Problems.Any(p => p.Answered) ? "InProgress" : "Initialized",
                    GradingProgress = progress.Problems.Any(p => p.Pending) ? "Pending" : "FullyGraded",
                    Comment = Comment(progress), Timestamp = now, Status = LtiScoreStatus.Pending, NextAttemptAt = now,
                };
                var last = await db.LtiScores.AsNoTracking()
                    .Where(x => x.ContextLinkId == target.ContextId && x.ProblemSetId == setId && x.UserId == userId
                        && x.Status != LtiScoreStatus.Superseded)
                    .OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct);
                if (!force && last is not null && last.Status != LtiScoreStatus.Failed && last.ScoreGiven == score.ScoreGiven
                    && last.ScoreMaximum == score.ScoreMaximum && last.GradingProgress == score.GradingProgress
                    && last.ActivityProgress == score.ActivityProgress && last.Comment == score.Comment)
                    continue;
                // Only the newest score of a student and set needs to arrive.
                await db.LtiScores.Where(x => x.ContextLinkId == target.ContextId && x.ProblemSetId == setId && x.UserId == userId
                        && x.Status == LtiScoreStatus.Pending)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, LtiScoreStatus.Superseded), ct);
                db.LtiScores.Add(score);
                written.Add(score);
            }
        }
        if (written.Count > 0) await db.SaveChangesAsync(ct);
        return written.Select(s => s.Id).ToList();
    }

    // The caller's pending changes saved, and the outbox rows they cause, in one transaction; the
    // rows are handed to the sender once committed.
    public async Task SaveWithScoresAsync(Func<ScoreOutbox, Task<IReadOnlyList<long>>> record, CancellationToken ct)
    {
        IReadOnlyList<long> scores;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            scores = await record(this);
            await tx.CommitAsync(ct);
        }
        Send(scores);
    }

    // After the caller's commit: each new row is sent by a job (and by the sweep if the process dies first).
    public void Send(IReadOnlyList<long> scoreIds)
    {
        foreach (var id in scoreIds)
        {
            try { jobs.Enqueue<ScoreSender>(s => s.SendAsync(id)); }
            catch (Exception ex) when (ex is InvalidOperationException or Hangfire.BackgroundJobClientException)
            {
                // The row is in the database: the sweep sends it within a minute.
                log.LogWarning(ex, "Could not enqueue LTI score {Id}; the sweep will send it", id);
            }
        }
    }

    private static string? Comment(ProblemSetProgress progress)
    {
        var overrides = progress.Problems.Where(p => p.Counting is { IsOverridden: true })
            .Select(p => $"{p.Title}: {Math.Round(100 * p.Counting!.Score!.Value).ToString(CultureInfo.InvariantCulture)}% set by staff ({p.Counting.OverrideReason})")
            .ToList();
        var text = overrides.Count == 0 ? null : string.Join("; ", overrides);
        return text is { Length: > 4000 } ? text[..4000] : text;
    }
}
