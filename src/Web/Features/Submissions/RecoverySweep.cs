using GraderHub.Data;
using GraderHub.Data.Entities;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// The database is the source of truth, the job queue may lose work: the in-memory one on a
// restart, a shared one when a node dies holding fetched jobs. Whatever is still queued, or
// claimed by a grader whose lease ran out, is enqueued again (safe: grading is idempotent and
// claimed atomically, GradingClaim). With several nodes the periodic sweep is one recurring job
// in the shared job storage, so the nodes do not each sweep every minute.
public sealed class RecoverySweep(GraderHubDbContext db, IBackgroundJobClient jobs, TimeProvider clock,
    GradingClaim claims, GradingOptions options)
{
    public const string RecurringJobId = "recover-submissions";

    // Periodically, leave fresh submissions to the job that was enqueued with them.
    // Grading takes milliseconds; a submission still queued after minutes lost its job (enqueue
    // failed, retries exhausted). A short age would re-enqueue a healthy backlog every minute.
    public static readonly TimeSpan PeriodicMinAge = TimeSpan.FromMinutes(5);

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
        var ids = await DueAsync(minAge);
        foreach (var id in ids)
            jobs.Enqueue<GradeSubmissionJob>(j => j.RunAsync(id));
        return ids.Count;
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
