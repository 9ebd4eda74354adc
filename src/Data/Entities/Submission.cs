using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;

namespace GraderHub.Data.Entities;

public sealed class Submission
{
    public long Id { get; set; }
    public int ProblemId { get; set; }
    public Problem Problem { get; set; } = null!;
    public required string UserId { get; set; }
    public AppUser User { get; set; } = null!;

    public required string AnswerText { get; set; }
    // The student's variant: the same seed always renders and grades the same problem.
    public int VariantSeed { get; set; }
    // Spec version graded against (see ProblemVersion).
    public int ProblemVersion { get; set; }
    // 1-based per (user, problem); unique, so two racing posts cannot share an attempt.
    public int AttemptNumber { get; set; }
    // The client's Idempotency-Key (header or the page's hidden field): a retried POST with the
    // same key returns this submission instead of storing a second attempt. Unique per user.
    public string? IdempotencyKey { get; set; }

    public SubmissionStatus Status { get; set; }
    // Fraction 0..1 from the grader, before the late and hint factors and overrides (what the
    // score that counts is: Web/Features/Scoring/ScorePolicy). Written only by RecordGrade.
    public double? Score { get; private set; }
    public Verdict? Verdict { get; private set; }
    public string? Feedback { get; set; }
    public string? Diagnosis { get; private set; }
    public string? GraderVersion { get; private set; }
    // Why grading failed (status failed), for staff; students see a generic message.
    public string? Error { get; set; }
    public int GradingAttempts { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? GradingStartedAt { get; set; }
    public DateTimeOffset? GradedAt { get; set; }

    public List<GradeOverride> Overrides { get; set; } = [];

    // The one place a grade is written (grading job, regrader, demo seeding). A grade equal to the
    // stored one (same verdict, score and spec version, already graded) is not written again, so
    // a regrade that changes nothing keeps GradedAt; returns whether anything was written.
    public bool RecordGrade(GradeResult result, string graderVersion, int problemVersion, DateTimeOffset gradedAt)
    {
        var verdict = StoredGrade.VerdictOf(result.Verdict);
        var score = StoredGrade.ScoreOf(result.Score);
        if (Status == SubmissionStatus.Graded && Verdict == verdict && Score == score && ProblemVersion == problemVersion) return false;
        Status = SubmissionStatus.Graded;
        Verdict = verdict;
        Score = score;
        Feedback = result.Feedback;
        Diagnosis = result.Diagnosis;
        Error = null;
        ProblemVersion = problemVersion;
        GraderVersion = graderVersion;
        GradedAt = gradedAt;
        return true;
    }
}

// How an engine result is stored: the verdict as the database's own enum, the score as a
// fraction 0..1 whatever the engine returned.
public static class StoredGrade
{
    public static Verdict VerdictOf(GradeVerdict v) => v switch
    {
        GradeVerdict.Correct => Entities.Verdict.Correct,
        GradeVerdict.PartiallyCorrect => Entities.Verdict.PartiallyCorrect,
        GradeVerdict.Incorrect => Entities.Verdict.Incorrect,
        GradeVerdict.Undetermined => Entities.Verdict.Undetermined,
        GradeVerdict.Invalid => Entities.Verdict.Invalid,
    };

    public static double ScoreOf(double engineScore) => double.IsNaN(engineScore) ? 0 : Math.Clamp(engineScore, 0, 1);
}

public enum SubmissionStatus { Queued, Grading, Graded, Failed }

// Mirrors the engine's GradeVerdict; kept here so the database does not depend on an engine
// type's member names (stored as snake_case text, see GraderHubDbContext).
public enum Verdict { Correct, PartiallyCorrect, Incorrect, Undetermined, Invalid }

public sealed class GradeOverride
{
    public long Id { get; set; }
    public long SubmissionId { get; set; }
    public Submission Submission { get; set; } = null!;
    public required string ByUserId { get; set; }
    public required string Reason { get; set; }
    public double? OldScore { get; set; }
    public double NewScore { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

// Append-only record of who changed what (overrides, regrades, publishing, spec edits).
public sealed class AuditLogEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    // Free-form JSON: old and new values, reason.
    public string? Details { get; set; }
}

// Derived data: what one student's problem counts for, as ScorePolicy prices it (Web's
// Features/Scoring/ProblemScores writes it in the transaction of every change that can move it,
// and rebuilds it). The counting submission's parts are stored as the policy computed them, so
// gradebooks sum and sort 120,000 rows instead of pricing 600,000 submissions. Absent: nothing
// of the pair counts yet.
public sealed class ProblemScore
{
    public required string UserId { get; set; }
    public int ProblemId { get; set; }
    public long SubmissionId { get; set; }
    public double Score { get; set; }
    public double? GraderScore { get; set; }
    public double LateFactor { get; set; }
    public double HintFactor { get; set; }
    public double? OverrideScore { get; set; }
    public string? OverrideReason { get; set; }
}
