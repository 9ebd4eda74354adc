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

    public static double? Apply(double? score, DateTimeOffset submittedAt, DateTimeOffset? dueAt, double penaltyPerDay) =>
        score is { } s ? s * Factor(submittedAt, dueAt, penaltyPerDay) : null;
}
