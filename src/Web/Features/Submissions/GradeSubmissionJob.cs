using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// Thin and idempotent: load by id, grade with the engine, store. Running it twice, or after the
// submission is graded, changes nothing (the engine is deterministic for problem, seed, answer).
public sealed class GradeSubmissionJob(GraderHubDbContext db, TimeProvider clock, ProblemCatalog catalog, ILogger<GradeSubmissionJob> log)
{
    // A submission whose grading keeps crashing is marked failed instead of looping forever
    // between Hangfire's retries and the recovery sweep.
    public const int MaxGradingAttempts = 5;

    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(long submissionId)
    {
        var submission = await db.Submissions.SingleOrDefaultAsync(s => s.Id == submissionId);
        if (submission is null || submission.Status is SubmissionStatus.Graded or SubmissionStatus.Failed)
            return;

        submission.Status = SubmissionStatus.Grading;
        submission.GradingStartedAt = clock.GetUtcNow();
        submission.GradingAttempts++;
        await db.SaveChangesAsync();

        if (submission.GradingAttempts > MaxGradingAttempts)
        {
            await FailAsync(submission, $"gave up after {MaxGradingAttempts} grading attempts");
            return;
        }

        // The spec of the version the student answered, not the current one (issue 5: edits
        // never change what an old submission is graded against).
        var read = await catalog.VersionAsync(db, submission.ProblemId, submission.ProblemVersion, CancellationToken.None);
        if (read is null)
        {
            await FailAsync(submission, $"problem {submission.ProblemId} has no version {submission.ProblemVersion}");
            return;
        }
        if (read.Problem is null || read.Errors.Count > 0)
        {
            await FailAsync(submission, "invalid spec: " + string.Join("; ", read.Errors));
            return;
        }

        var result = read.Problem.Variant(submission.VariantSeed).Grade(submission.AnswerText);
        submission.Status = SubmissionStatus.Graded;
        submission.Verdict = Verdicts.ToStored(result.Verdict);
        submission.Score = Math.Clamp(result.Score, 0, 1);
        submission.Feedback = result.Feedback;
        submission.Diagnosis = result.Diagnosis;
        submission.GraderVersion = ProblemGrading.GraderVersion;
        submission.GradedAt = clock.GetUtcNow();
        submission.Error = null;
        await db.SaveChangesAsync();
    }

    private async Task FailAsync(Submission submission, string error)
    {
        log.LogError("Grading submission {Id} failed: {Error}", submission.Id, error);
        submission.Status = SubmissionStatus.Failed;
        submission.Error = error;
        submission.Feedback = "This answer could not be graded. Your teaching staff have been told; it does not count against you.";
        submission.GradedAt = clock.GetUtcNow();
        await db.SaveChangesAsync();
    }
}
