using System.Globalization;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Reports;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Review;

public sealed record OverrideResult(bool Ok, string? Error, int ProblemId, string UserId);

// A manual score on one submission: the override and its audit entry (who, when, old, new, why)
// are written in one SaveChanges, so there is never an override nobody can account for.
public sealed class OverrideGrade(GraderHubDbContext db, TimeProvider clock, Lti.ScoreOutbox outbox)
{
    public const int ReasonMaxLength = 2000;
    public const string ScoreError = "Enter a score between 0 and 1 (for example 0.5).";

    // Scores are typed with a decimal point whatever the browser's language (invariant).
    public static bool TryParseScore(string? text, out double score) =>
        double.TryParse(text?.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out score)
        && double.IsFinite(score) && score is >= 0 and <= 1;

    // Null when the submission does not exist. Who may override is the endpoint's policy
    // (staff of the submission's course, Features/Access).
    public async Task<OverrideResult?> RunAsync(long submissionId, string byUserId, string? scoreText, string? reason, CancellationToken ct)
    {
        var submission = await db.Submissions
            .Where(s => s.Id == submissionId)
            .Select(s => new { s.Id, s.UserId, s.ProblemId, s.Problem.ProblemSetId })
            .SingleOrDefaultAsync(ct);
        if (submission is null) return null;

        if (!TryParseScore(scoreText, out var score))
            return new OverrideResult(false, ScoreError, submission.ProblemId, submission.UserId);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
            return new OverrideResult(false, "A reason is required: the student and other staff will ask why.", submission.ProblemId, submission.UserId);
        if (reason.Length > ReasonMaxLength)
            return new OverrideResult(false, $"Keep the reason under {ReasonMaxLength} characters.", submission.ProblemId, submission.UserId);

        // "Old" is what the attempt was worth just before (ScorePolicy): its previous override, else
        // the grader's score after the late and hint factors (null if it was never graded).
        var schedule = (await Schedules.ForStudentAsync(db, submission.UserId, submission.ProblemSetId, ct))!;
        var old = ScorePolicy.Price(await ScorePolicy.OfSubmission(db, submissionId, ct), schedule).Score;
        var now = clock.GetUtcNow();
        db.GradeOverrides.Add(new GradeOverride
        {
            SubmissionId = submission.Id, ByUserId = byUserId, Reason = reason, OldScore = old, NewScore = score, CreatedAt = now,
        });
        db.AuditLog.Add(new AuditLogEntry
        {
            At = now, UserId = byUserId, Action = "grade.override", EntityType = nameof(Submission),
            EntityId = submission.Id.ToString(CultureInfo.InvariantCulture),
            Details = JsonSerializer.Serialize(new { old, @new = score, reason, studentId = submission.UserId, problemId = submission.ProblemId }),
        });
        await outbox.SaveWithScoresAsync(async o =>
        {
            await ProblemScores.RefreshForSubmissionsAsync(db, [submission.Id], ct);
            return await o.RecordForSubmissionsAsync([submission.Id], ct);
        }, ct);
        return new OverrideResult(true, null, submission.ProblemId, submission.UserId);
    }
}
