namespace GraderHub.Web.Features.Authoring;

// An answer given after its student revealed the hint keeps (1 - the penalty in force at the
// reveal); answers given before the reveal keep their full score.
public static class HintPolicy
{
    public static double Factor(DateTimeOffset submittedAt, DateTimeOffset? revealedAt, double penalty) =>
        revealedAt is { } r && r <= submittedAt ? Math.Clamp(1 - penalty, 0, 1) : 1;
}

// What a student earned for one graded answer: the grader's score after the late policy (the one
// rule the reports also turn into SQL, Reports/LatePolicy.cs) and the hint penalty. Pages, the
// JSON API and the progress summary all price answers through here.
public static class EarnedScore
{
    public static double? Of(double? score, DateTimeOffset submittedAt, DateTimeOffset? dueAt, double latePenaltyPerDay,
        DateTimeOffset? hintRevealedAt = null, double hintPenalty = 0) =>
        score is { } s
            ? s * Reports.LatePolicy.Factor(dueAt, latePenaltyPerDay, submittedAt) * HintPolicy.Factor(submittedAt, hintRevealedAt, hintPenalty)
            : null;
}
