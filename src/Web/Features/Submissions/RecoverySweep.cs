using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// The grading queue is in memory: a restart loses it. The database is the source of truth, so
// whatever is still queued or grading is offered to the queue again (safe: a grade is written
// only onto a submission that is still open, see GradeWriter).
public sealed class RecoverySweep(GraderHubDbContext db, GradingQueue queue, TimeProvider clock)
{
    // Periodically, leave fresh submissions to the queue they were put in at submit.
    // Grading takes milliseconds; a submission still queued after minutes lost its ticket.
    // Its recurring job's id: registered at every start, and the job dashboard refuses to remove it.
    public const string RecurringJobId = "recover-submissions";

    public static readonly TimeSpan PeriodicMinAge = TimeSpan.FromMinutes(5);

    // Offered this many times without a stored grade (each restart or sweep that finds it open
    // counts one), a submission is marked failed: an answer that kills the process must not
    // kill it again at every start.
    public const int MaxGradingAttempts = 5;

    public Task<int> RunPeriodicAsync() => RunAsync(PeriodicMinAge);

    public async Task<int> RunAsync(TimeSpan minAge)
    {
        var cutoff = clock.GetUtcNow() - minAge;
        var open = await db.Submissions.AsNoTracking()
            .Where(s => (s.Status == SubmissionStatus.Queued || s.Status == SubmissionStatus.Grading) && s.SubmittedAt <= cutoff)
            .OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.UserId, s.ProblemId, s.ProblemVersion, s.VariantSeed, s.AnswerText, s.GradingAttempts })
            .ToListAsync();
        // Already waiting or being graded in this process: not lost, not counted again.
        var lost = open.Where(s => !queue.Contains(s.Id)).ToList();
        var giveUp = lost.Where(s => s.GradingAttempts + 1 > MaxGradingAttempts).Select(s => s.Id).ToList();
        var retry = lost.Where(s => s.GradingAttempts + 1 <= MaxGradingAttempts).Select(s => s.Id).ToList();

        foreach (var chunk in retry.Chunk(500))
            await db.Submissions.Where(s => chunk.Contains(s.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.GradingAttempts, s => s.GradingAttempts + 1));
        var now = clock.GetUtcNow();
        foreach (var chunk in giveUp.Chunk(500))
            await db.Submissions.Where(s => chunk.Contains(s.Id) && (s.Status == SubmissionStatus.Queued || s.Status == SubmissionStatus.Grading))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.Status, SubmissionStatus.Failed)
                    .SetProperty(s => s.Error, $"gave up after {MaxGradingAttempts} grading attempts")
                    .SetProperty(s => s.Feedback, GradeOutcome.FailedFeedback)
                    .SetProperty(s => s.GradedAt, now));

        var offered = 0;
        foreach (var s in lost.Where(s => s.GradingAttempts + 1 <= MaxGradingAttempts))
            if (queue.Enqueue(new GradingTicket(s.Id, s.UserId, s.ProblemId, s.ProblemVersion, s.VariantSeed, s.AnswerText)))
                offered++;
        return offered;
    }
}
