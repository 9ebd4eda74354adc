using Hangfire;

namespace GraderHub.Web.Features.Submissions;

// Grades one submission by id: the Hangfire job that carries answers to worker nodes on
// PostgreSQL (any node may run it), and an operator's or a test's "grade this id now" on SQLite.
// Claim (GradingClaim, compare-and-set), grade within the time limit with the compiled spec
// (SubmissionGrader), write only while the claim is current. Running it twice, on one node or on
// two at once, or after the submission is graded, writes the grade once.
public sealed class GradeSubmissionJob(GradingClaim claims, SubmissionGrader grader, GradeNotifications notifications,
    ILogger<GradeSubmissionJob> log)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(long submissionId)
    {
        if (await claims.TryClaimAsync(submissionId) is not { } claim) return;
        try
        {
            await GradeAsync(claim);
        }
        catch (Exception)
        {
            // Hangfire retries this job: give the claim back so the retry need not wait for it.
            await TryReleaseAsync(claim);
            throw;
        }
        notifications.Stored(submissionId);
    }

    private async Task GradeAsync(GradingClaim.Claimed claim)
    {
        // A submission whose grading keeps crashing is marked failed instead of looping forever
        // between Hangfire's retries and the recovery sweep.
        if (claim.Token > RecoverySweep.MaxGradingAttempts)
        {
            var error = $"gave up after {RecoverySweep.MaxGradingAttempts} grading attempts";
            log.LogError("Grading submission {Id} failed: {Error}", claim.SubmissionId, error);
            await claims.RecordFailureAsync(claim, error, GradeOutcome.FailedFeedback);
            return;
        }
        var run = await grader.GradeAsync(claim.Ticket, CancellationToken.None);
        if (!await claims.RecordOutcomeAsync(claim, run.Outcome))
            log.LogWarning("Submission {Id}: the grading claim was taken over; its new owner stores the grade", claim.SubmissionId);
    }

    // Best effort: never hides the exception that is being handled.
    private async Task TryReleaseAsync(GradingClaim.Claimed claim)
    {
        try
        {
            await claims.ReleaseAsync(claim);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Submission {Id}: could not release the grading claim; it lapses after the lease", claim.SubmissionId);
        }
    }
}
