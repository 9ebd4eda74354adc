using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// Thin and idempotent: load by id, grade with the engine, store. Running it twice, or after the
// submission is graded, changes nothing (the engine is deterministic for problem, seed, answer).
public sealed class GradeSubmissionJob(GraderHubDbContext db, TimeProvider clock, ILogger<GradeSubmissionJob> log)
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
        var spec = await db.ProblemVersions
            .Where(v => v.ProblemId == submission.ProblemId && v.Version == submission.ProblemVersion)
            .Select(v => v.SpecYaml)
            .SingleOrDefaultAsync();
        if (spec is null)
        {
            await FailAsync(submission, $"problem {submission.ProblemId} has no version {submission.ProblemVersion}");
            return;
        }
        var read = ProblemReader.Read(spec, $"problem {submission.ProblemId} v{submission.ProblemVersion}");
        if (read.Problem is null || read.Errors.Count > 0)
        {
            await FailAsync(submission, "invalid spec: " + string.Join("; ", read.Errors));
            return;
        }

        var result = ProblemGrading.Grade(read.Problem, submission.VariantSeed, submission.AnswerText);
        submission.RecordGrade(result, ProblemGrading.GraderVersion, submission.ProblemVersion, clock.GetUtcNow());
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
