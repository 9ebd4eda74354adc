namespace GraderHub.Web.Features.Authoring;

// The late policy of a problem set, applied when a score is shown or reported (the stored score
// is the grader's, before penalties, so changing a deadline re-prices old answers consistently).
public static class LatePolicy
{
    // Fraction of the score kept: 1 on time; minus penaltyPerDay for every started day after the
    // due date (a minute late is a day late, as students are told); never below 0.
    public static double Factor(DateTimeOffset submittedAt, DateTimeOffset? dueAt, double penaltyPerDay)
    {
        if (dueAt is not { } due || submittedAt <= due || penaltyPerDay <= 0) return 1;
        var days = Math.Ceiling((submittedAt - due).TotalDays);
        return Math.Max(0, 1 - penaltyPerDay * days);
    }
}

// An answer given after its student revealed the hint keeps (1 - the penalty in force at the
// reveal); answers given before the reveal keep their full score.
public static class HintPolicy
{
    public static double Factor(DateTimeOffset submittedAt, DateTimeOffset? revealedAt, double penalty) =>
        revealedAt is { } r && r <= submittedAt ? Math.Clamp(1 - penalty, 0, 1) : 1;
}

// What a student earned for one graded answer: the grader's score after the late policy and the
// hint penalty. Pages, the JSON API and the progress summary all price answers through here.
public static class EarnedScore
{
    public static double? Of(double? score, DateTimeOffset submittedAt, DateTimeOffset? dueAt, double latePenaltyPerDay,
        DateTimeOffset? hintRevealedAt = null, double hintPenalty = 0) =>
        score is { } s
            ? s * LatePolicy.Factor(submittedAt, dueAt, latePenaltyPerDay) * HintPolicy.Factor(submittedAt, hintRevealedAt, hintPenalty)
            : null;
}
