using GraderHub.Data;
using GraderHub.Data.Entities;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// The job queue is in memory: a restart loses it. The database is the source of truth, so
// whatever is still queued or grading is enqueued again (safe: the job is idempotent).
public sealed class RecoverySweep(GraderHubDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    // Periodically, leave fresh submissions to the job that was enqueued with them.
    // Grading takes milliseconds; a submission still queued after minutes lost its job (enqueue
    // failed, retries exhausted). A short age would re-enqueue a healthy backlog every minute.
    // Its recurring job's id: registered at every start, and the job dashboard refuses to remove it.
    public const string RecurringJobId = "recover-submissions";

    public static readonly TimeSpan PeriodicMinAge = TimeSpan.FromMinutes(5);

    public Task<int> RunPeriodicAsync() => RunAsync(PeriodicMinAge);

    public async Task<int> RunAsync(TimeSpan minAge)
    {
        var cutoff = clock.GetUtcNow() - minAge;
        var ids = await db.Submissions
            .Where(s => (s.Status == SubmissionStatus.Queued || s.Status == SubmissionStatus.Grading)
                        && s.SubmittedAt <= cutoff)
            .OrderBy(s => s.Id)
            .Select(s => s.Id)
            .ToListAsync();
        foreach (var id in ids)
            jobs.Enqueue<GradeSubmissionJob>(j => j.RunAsync(id));
        return ids.Count;
    }
}
