using GraderHub.Data;
using GraderHub.Grading.Problems;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// Thin and idempotent: claim by id, grade with the engine, store. Running it twice, on one node
// or on two at once, or after the submission is graded, writes the grade once (GradingClaim);
// the engine is deterministic for problem, seed and answer.
public sealed class GradeSubmissionJob(GraderHubDbContext db, GradingClaim claims, ILogger<GradeSubmissionJob> log)
{
    // A submission whose grading keeps crashing is marked failed instead of looping forever
    // between Hangfire's retries and the recovery sweep.
    public const int MaxGradingAttempts = 5;

    public const string FailedFeedback = "This answer could not be graded. Your teaching staff have been told; it does not count against you.";

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
    }

    private async Task GradeAsync(GradingClaim.Claimed claim)
    {
        if (claim.Token > MaxGradingAttempts)
        {
            await FailAsync(claim, $"gave up after {MaxGradingAttempts} grading attempts");
            return;
        }

        // The spec of the version the student answered, not the current one (issue 5: edits
        // never change what an old submission is graded against).
        var spec = await db.ProblemVersions
            .Where(v => v.ProblemId == claim.ProblemId && v.Version == claim.ProblemVersion)
            .Select(v => v.SpecYaml)
            .SingleOrDefaultAsync();
        if (spec is null)
        {
            await FailAsync(claim, $"problem {claim.ProblemId} has no version {claim.ProblemVersion}");
            return;
        }
        var read = ProblemReader.Read(spec, $"problem {claim.ProblemId} v{claim.ProblemVersion}");
        if (read.Problem is null || read.Errors.Count > 0)
        {
            await FailAsync(claim, "invalid spec: " + string.Join("; ", read.Errors));
            return;
        }

        var result = ProblemGrading.Grade(read.Problem, claim.VariantSeed, claim.AnswerText);
        if (!await claims.RecordGradeAsync(claim, Verdicts.ToStored(result.Verdict), result.Score,
                result.Feedback, result.Diagnosis, ProblemGrading.GraderVersion))
            log.LogWarning("Submission {Id}: the grading claim was taken over; its new owner stores the grade", claim.SubmissionId);
    }

    private async Task FailAsync(GradingClaim.Claimed claim, string error)
    {
        log.LogError("Grading submission {Id} failed: {Error}", claim.SubmissionId, error);
        await claims.RecordFailureAsync(claim, error, FailedFeedback);
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
