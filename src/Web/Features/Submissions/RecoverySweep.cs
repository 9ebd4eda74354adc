using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// The database is the source of truth, the queue may lose work: the in-memory fair queue on a
// restart (SQLite, one node), the shared job storage when a node dies holding fetched jobs
// (PostgreSQL). Whatever is still open is offered again (safe: a grade is written only onto a
// submission still open, GradeWriter, or only under the current claim, GradingClaim). With
// several nodes the periodic sweep is one recurring job in the shared job storage, so the nodes
// do not each sweep every minute.
public sealed class RecoverySweep(GraderHubDbContext db, GradingQueue queue, IBackgroundJobClient jobs, TimeProvider clock,
    GradingClaim claims, GradingOptions options, Deployment deployment)
{
    // Its recurring job's id: registered at every start, and the job dashboard refuses to remove it.
    public const string RecurringJobId = "recover-submissions";

    // Periodically, leave fresh submissions to the queue they were put in at submit.
    // Grading takes milliseconds; a submission still queued after minutes lost its ticket or job.
    // A short age would re-offer a healthy backlog every minute.
    public static readonly TimeSpan PeriodicMinAge = TimeSpan.FromMinutes(5);

    // Offered this many times without a stored grade (each restart or sweep that finds it open
    // counts one), a submission is marked failed: an answer that kills the process must not
    // kill it again at every start.
    public const int MaxGradingAttempts = 5;

    public Task<int> RunPeriodicAsync() => RunAsync(PeriodicMinAge);

    // At start-up. The only grader there is (one node, in-memory jobs) knows that every open
    // claim is its dead predecessor's and frees them at once; with shared job storage other
    // nodes may be grading right now, so their claims are left to run out.
    public async Task<int> RunAtStartupAsync(bool onlyGrader)
    {
        if (onlyGrader) await claims.ReleaseAllAsync();
        return await RunAsync(TimeSpan.Zero);
    }

    public async Task<int> RunAsync(TimeSpan minAge)
    {
        return deployment.Grading switch
        {
            GradingRoad.InProcessQueue => await OfferToQueueAsync(minAge),
            GradingRoad.ClaimedJobs => await EnqueueJobsAsync(minAge),
        };
    }

    // Claimed jobs: GradeSubmissionJob counts the attempt when it claims, and gives up after
    // MaxGradingAttempts.
    private async Task<int> EnqueueJobsAsync(TimeSpan minAge)
    {
        var ids = await DueAsync(minAge);
        foreach (var id in ids)
            jobs.Enqueue<GradeSubmissionJob>(j => j.RunAsync(id));
        return ids.Count;
    }

    private async Task<int> OfferToQueueAsync(TimeSpan minAge)
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

    // Queued for at least minAge, or claimed by a grader whose lease ran out.
    public async Task<IReadOnlyList<long>> DueAsync(TimeSpan minAge)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - minAge;
        return await db.Submissions
            .Where(GradingClaim.Claimable(now, options.Lease))
            .Where(s => s.Status == SubmissionStatus.Grading || s.SubmittedAt <= cutoff)
            .OrderBy(s => s.Id)
            .Select(s => s.Id)
            .ToListAsync();
    }
}
