using System.Linq.Expressions;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// How long a grading claim protects a submission from other graders. Grading takes
// milliseconds; a claim this old belongs to a process that died (kill -9, power) and may be taken
// over. It only decides when recovery starts: correctness comes from the compare-and-set below.
public sealed record GradingOptions(TimeSpan Lease)
{
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(60);
}

// Who may grade a submission, decided by the database so that it holds across every grader on
// every node. A grader claims with a compare-and-set on (status, attempts): of two graders that
// read the same row, one changes it and the other changes nothing and walks away. The claim's
// attempt number is its token: the grade is written only while that claim is still the
// current one, so a grader that lost its claim (it was too slow and the claim was taken over)
// cannot overwrite the grade the new owner writes. A submission is graded exactly once.
public sealed class GradingClaim(GraderHubDbContext db, TimeProvider clock, GradingOptions options, Lti.ScoreOutbox outbox)
{
    // A queued submission, or one whose claim is older than the lease (or has no start time,
    // as written by an older version). The recovery sweep asks the same question.
    public static Expression<Func<Submission, bool>> Claimable(DateTimeOffset now, TimeSpan lease)
    {
        var claimedBefore = now - lease;
        return s => s.Status == SubmissionStatus.Queued
            || (s.Status == SubmissionStatus.Grading && (s.GradingStartedAt == null || s.GradingStartedAt <= claimedBefore));
    }

    public sealed record Claimed(long SubmissionId, int Token, int ProblemId, int ProblemVersion, int VariantSeed, string AnswerText,
        string UserId)
    {
        public GradingTicket Ticket => new(SubmissionId, UserId, ProblemId, ProblemVersion, VariantSeed, AnswerText);
    }

    // Null: graded, failed, gone, or being graded by someone else right now.
    public async Task<Claimed?> TryClaimAsync(long submissionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var row = await db.Submissions.AsNoTracking()
            .Where(s => s.Id == submissionId)
            .Where(Claimable(now, options.Lease))
            .Select(s => new { s.Status, s.GradingAttempts, s.ProblemId, s.ProblemVersion, s.VariantSeed, s.AnswerText, s.UserId })
            .SingleOrDefaultAsync(ct);
        if (row is null) return null;

        var token = row.GradingAttempts + 1;
        var won = await db.Submissions
            .Where(s => s.Id == submissionId && s.Status == row.Status && s.GradingAttempts == row.GradingAttempts)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SubmissionStatus.Grading)
                .SetProperty(s => s.GradingStartedAt, now)
                .SetProperty(s => s.GradingAttempts, token), ct);
        return won == 1 ? new Claimed(submissionId, token, row.ProblemId, row.ProblemVersion, row.VariantSeed, row.AnswerText, row.UserId) : null;
    }

    // The grader's outcome, written only while the claim is current: one conditional update
    // (WHERE status = grading AND attempts = token), so of two graders on two nodes one writes.
    // The values are Submission.RecordGrade's (StoredGrade), the rule for what a grade stores.
    public Task<bool> RecordOutcomeAsync(Claimed claim, GradeOutcome outcome, CancellationToken ct = default) =>
        outcome.Result switch
        {
            { } result => RecordGradeAsync(claim, StoredGrade.VerdictOf(result.Verdict), StoredGrade.ScoreOf(result.Score),
                result.Feedback, result.Diagnosis, ProblemGrading.GraderVersion, outcome.Error, ct),
            null => RecordFailureAsync(claim, outcome.Error ?? "grading failed", GradeOutcome.FailedFeedback, ct),
        };

    // False: the claim was taken over meanwhile; the new owner writes the grade.
    public async Task<bool> RecordGradeAsync(Claimed claim, Verdict verdict, double score, string? feedback,
        string? diagnosis, string graderVersion, string? error = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var written = false;
        // The grade and the LTI score it changes are committed together (Lti/ScoreOutbox).
        await outbox.SaveWithScoresAsync(async o =>
        {
            written = await StillOwned(claim).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SubmissionStatus.Graded)
                .SetProperty(s => s.Verdict, verdict)
                .SetProperty(s => s.Score, Math.Clamp(score, 0, 1))
                .SetProperty(s => s.Feedback, feedback)
                .SetProperty(s => s.Diagnosis, diagnosis)
                .SetProperty(s => s.GraderVersion, graderVersion)
                .SetProperty(s => s.GradedAt, now)
                .SetProperty(s => s.Error, error), ct) == 1;
            if (!written) return [];
            await Scoring.ProblemScores.AddGradesAsync(db, [claim.SubmissionId], ct);
            return await o.RecordForSubmissionsAsync([claim.SubmissionId], ct);
        }, ct);
        return written;
    }

    public async Task<bool> RecordFailureAsync(Claimed claim, string error, string feedback, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await StillOwned(claim).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Status, SubmissionStatus.Failed)
            .SetProperty(s => s.Error, error)
            .SetProperty(s => s.Feedback, feedback)
            .SetProperty(s => s.GradedAt, now), ct) == 1;
    }

    // Gives the submission back (the grader hit an error it will retry), so the retry or another
    // node can claim it at once instead of waiting for the lease to run out.
    public Task<int> ReleaseAsync(Claimed claim, CancellationToken ct = default) =>
        StillOwned(claim).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SubmissionStatus.Queued), ct);

    // Only when this process is the only grader there is (in-memory job storage, one node):
    // every claim still open at start-up belongs to the process that ran before, now gone.
    public Task<int> ReleaseAllAsync(CancellationToken ct = default) =>
        db.Submissions.Where(s => s.Status == SubmissionStatus.Grading)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SubmissionStatus.Queued), ct);

    private IQueryable<Submission> StillOwned(Claimed claim) =>
        db.Submissions.Where(s => s.Id == claim.SubmissionId && s.Status == SubmissionStatus.Grading
            && s.GradingAttempts == claim.Token);
}
