using System.Globalization;

namespace GraderHub.Web.Features.Schedule;

// Where a set stands for a student at a moment. NotYetOpen sets are hidden from students; Open has
// no deadline; Due has one ahead; PastDue takes answers at the late factor; Closed refuses them.
public enum SetPhase { NotYetOpen, Open, Due, PastDue, Closed }

// A set's dates as they apply to one student: the set's own today, the student's effective dates
// once per-student overrides exist (the caller passes those in). The one reading of "is this set
// open, due, past due or closed": pages, the API and the submit handler all ask here.
public sealed record SetSchedule(DateTimeOffset? OpensAt, DateTimeOffset? DueAt, DateTimeOffset? HardCloseAt, double LatePenaltyPerDay)
{
    public SetPhase PhaseAt(DateTimeOffset now)
    {
        if (OpensAt is { } opens && now < opens) return SetPhase.NotYetOpen;
        if (HardCloseAt is { } close && now > close) return SetPhase.Closed;
        if (DueAt is { } due) return now > due ? SetPhase.PastDue : SetPhase.Due;
        return SetPhase.Open;
    }

    public bool AcceptsAnswersAt(DateTimeOffset now) => PhaseAt(now) switch
    {
        SetPhase.Open or SetPhase.Due or SetPhase.PastDue => true,
        SetPhase.NotYetOpen or SetPhase.Closed => false,
    };

    public bool IsPastDueAt(DateTimeOffset now) => DueAt is { } due && now > due;

    // "10% per started day" (null: no penalty), how pages state the late policy.
    public string? LatePolicy => LatePenaltyPerDay > 0
        ? (LatePenaltyPerDay * 100).ToString("0.##", CultureInfo.InvariantCulture) + "% per started day late"
        : null;

    // The badge a set shows: a word, and a Bootstrap colour that reads at AA contrast.
    public static string Label(SetPhase phase) => phase switch
    {
        SetPhase.NotYetOpen => "Not open yet",
        SetPhase.Open => "Open",
        SetPhase.Due => "Due",
        SetPhase.PastDue => "Past due",
        SetPhase.Closed => "Closed",
    };

    public static string Css(SetPhase phase) => phase switch
    {
        SetPhase.NotYetOpen => "text-bg-secondary",
        SetPhase.Open => "text-bg-primary",
        SetPhase.Due => "text-bg-primary",
        SetPhase.PastDue => "text-bg-warning",
        SetPhase.Closed => "text-bg-dark",
    };

    public static string ClosedMessage(DateTimeOffset close) =>
        $"This problem set closed on {close.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; answers are no longer accepted.";
}

public static class Schedules
{
    // The set's own dates. Per-student date overrides plug in here: every road builds a student's
    // schedule through this one call.
    public static SetSchedule Of(Data.Entities.ProblemSet set) =>
        new(set.OpensAt, set.DueAt, set.HardCloseAt, set.LatePenaltyPerDay);
}
