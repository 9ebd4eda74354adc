namespace GraderHub.Web.Features.Schedule;

// A student's schedule as the JSON API shows it (GET /api/problemsets, /api/problemsets/{id},
// POST /api/problemsets/{id}/start).
public static class ScheduleJson
{
    public static object Of(EffectiveSchedule s, DateTimeOffset now) => new
    {
        s.OpensAt, s.DueAt, s.HardCloseAt, s.MaxAttempts, s.LatePenaltyPerDay,
        personal = s.IsPersonal,
        timeLimitSeconds = s.TimeLimit is { } limit ? (int?)limit.TotalSeconds : null,
        s.StartedAt,
        timeEndsAt = s.TimeEndsAt,
        secondsLeft = s.TimeLeft(now) is { } left ? (int?)Math.Floor(left.TotalSeconds) : null,
        exam = s.IsExam,
        resultsReleased = s.ShowsResults,
    };
}
