using System.Globalization;
using System.Net;
using GraderHub.Web.Features.Exam;
using GraderHub.Web.Features.Scoring;

namespace GraderHub.Web.Features.Schedule;

// A set's own calendar, as staff set it on the set settings page.
public sealed record SetCalendar(int SetId, int CourseId, bool IsPublished, DateTimeOffset? OpensAt, DateTimeOffset? DueAt,
    DateTimeOffset? HardCloseAt, int? MaxAttempts, double LatePenaltyPerDay, int? TimeLimitMinutes, bool IsExam,
    DateTimeOffset? ResultsReleasedAt, bool RequiresAccessCode = false, string? AllowedNetworks = null);

// One override's fields (null: unchanged). ForStudent: the student's own, which wins over any
// group's; among a student's groups the latest override wins, field by field.
public sealed record ScheduleChange(bool ForStudent, DateTimeOffset CreatedAt, DateTimeOffset? OpensAt, DateTimeOffset? DueAt,
    DateTimeOffset? HardCloseAt, int? MaxAttempts, double? LatePenaltyPerDay, int? TimeLimitMinutes);

// One student's facts beyond the set: their overrides, their groups' extra time, when they
// started the timed set (and pressed "finish"), and whether an exam's results were released to them alone.
public sealed record StudentCalendar(IReadOnlyList<ScheduleChange> Changes, int ExtraTimePercent, DateTimeOffset? StartedAt,
    bool ReleasedToStudent, DateTimeOffset? FinishedAt = null)
{
    public static readonly StudentCalendar None = new([], 0, null, false);
}

// Where a set stands for a student at a moment, by the student's own dates. NotYetOpen: hidden
// from the student; Open: no deadline; Due: one ahead; PastDue: answers count at the late factor;
// Closed: answers refused (the hard close passed, or the student's time on a timed set ended).
public enum SetPhase { NotYetOpen, Open, Due, PastDue, Closed }

// What refuses an answer, or null when it is accepted.
public abstract record Refusal(string Reason)
{
    public sealed record Closed(string Reason) : Refusal(Reason);
    public sealed record TimeUp(string Reason) : Refusal(Reason);
    public sealed record NoAttemptsLeft(string Reason) : Refusal(Reason);
    // Not the place: the caller's address is outside the exam's networks (403, not 409).
    public sealed record OutsideNetwork(string Reason) : Refusal(Reason);
}

// The one answer to "what are this student's dates for this set": opening, due date, hard
// close, attempts, late policy, time limit and results release, computed from the set and the
// student's overrides. Every road asks it: visibility (ProblemAccess), submission acceptance
// (SubmitAnswer), the late factor (ScorePolicy), the problem and set pages, the API,
// gradebooks, CSV and statistics (Schedules.ForSetAsync), review and overrides.
// Edges: an instant equal to a deadline is still before it; one tick later is after.
public sealed record EffectiveSchedule
{
    public required int SetId { get; init; }
    public int CourseId { get; init; }
    public bool IsPublished { get; init; }
    public DateTimeOffset? OpensAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? HardCloseAt { get; init; }
    public int? MaxAttempts { get; init; }
    public double LatePenaltyPerDay { get; init; }
    // The student's own limit, accommodations included; null: not timed.
    public TimeSpan? TimeLimit { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    // The student's "finish" button, which ends their time then.
    public DateTimeOffset? FinishedAt { get; init; }
    public bool IsExam { get; init; }
    // An exam's entry: a code typed at the start, the networks it is taken from (empty: any).
    public bool RequiresAccessCode { get; init; }
    public IReadOnlyList<IPNetwork> AllowedNetworks { get; init; } = [];
    public bool ResultsReleased { get; init; }
    // An override (the student's or a group's) or an accommodation changed something.
    public bool IsPersonal { get; init; }
    public int ExtraTimePercent { get; init; }

    public static EffectiveSchedule Of(SetCalendar set, StudentCalendar student)
    {
        // Later changes win: groups by age, then the student's own over every group's.
        var changes = student.Changes.OrderBy(c => c.ForStudent).ThenBy(c => c.CreatedAt).ToList();
        T? Last<T>(Func<ScheduleChange, T?> field) where T : struct =>
            changes.Select(field).LastOrDefault(v => v is not null);
        var limitMinutes = Last(c => c.TimeLimitMinutes) ?? set.TimeLimitMinutes;
        return new EffectiveSchedule
        {
            SetId = set.SetId,
            CourseId = set.CourseId,
            IsPublished = set.IsPublished,
            OpensAt = Last(c => c.OpensAt) ?? set.OpensAt,
            DueAt = Last(c => c.DueAt) ?? set.DueAt,
            HardCloseAt = Last(c => c.HardCloseAt) ?? set.HardCloseAt,
            MaxAttempts = Last(c => c.MaxAttempts) ?? set.MaxAttempts,
            LatePenaltyPerDay = Last(c => c.LatePenaltyPerDay) ?? set.LatePenaltyPerDay,
            TimeLimit = limitMinutes is { } m ? TimeSpan.FromMinutes(m * (100 + Math.Max(0, student.ExtraTimePercent)) / 100.0) : null,
            StartedAt = limitMinutes is null && !set.RequiresAccessCode ? null : student.StartedAt,
            FinishedAt = limitMinutes is null && !set.RequiresAccessCode ? null : student.FinishedAt,
            IsExam = set.IsExam,
            RequiresAccessCode = set.RequiresAccessCode,
            AllowedNetworks = Networks.Parse(set.AllowedNetworks),
            ResultsReleased = set.ResultsReleasedAt is not null || student.ReleasedToStudent,
            IsPersonal = changes.Count > 0 || (limitMinutes is not null && student.ExtraTimePercent > 0),
            ExtraTimePercent = student.ExtraTimePercent,
        };
    }

    public bool IsTimed => TimeLimit is not null;

    // A student starts it explicitly: a timed set, or one whose access code is typed at the start.
    public bool NeedsStart => IsTimed || RequiresAccessCode;

    // Published and opened by the server's clock: the set and its page exist for the student.
    public bool IsOpen(DateTimeOffset now) => IsPublished && (OpensAt is not { } opens || opens <= now);

    // The problems' statements: a set that needs a start shows them once the student has started it.
    public bool ShowsProblems(DateTimeOffset now) => IsOpen(now) && (!NeedsStart || StartedAt is not null);

    // The end of the student's time: start + limit, never past the hard close, or when they
    // pressed "finish". An untimed set with an access code ends only by "finish" (or its close).
    public DateTimeOffset? TimeEndsAt => StartedAt is { } start
        ? Earliest(TimeLimit is { } limit ? start + limit : null, HardCloseAt, FinishedAt) : null;

    // Started and not over: an untimed exam with an access code runs until its student finishes it (or it closes).
    public bool IsRunning(DateTimeOffset now) => StartedAt is not null && (TimeEndsAt is not { } end || now <= end);

    public TimeSpan? TimeLeft(DateTimeOffset now) => TimeEndsAt is { } end ? (end > now ? end - now : TimeSpan.Zero) : null;

    // Scores, verdicts and feedback: an exam shows none until staff release them.
    public bool ShowsResults => !IsExam || ResultsReleased;

    // Whether a start is refused (null: the student may start now); a set that is not timed has
    // nothing to start (StartTimedSet answers 400 for it).
    public Refusal? StartRefusal(DateTimeOffset now) =>
        HardCloseAt is { } close && now > close ? Closed(close) : null;

    // Whether the caller's address (the connection's, as the framework resolved it) may start and
    // answer this exam; null when it may (no networks listed, or inside one of them).
    public Refusal? PlaceRefusal(IPAddress? from) => Networks.Allows(AllowedNetworks, from) ? null
        : new Refusal.OutsideNetwork($"This exam can only be taken from the exam room's network; your address ({from?.ToString() ?? "unknown"}) is outside it. Ask the invigilator.");

    // Whether an answer given now is refused; attemptsUsed counts the student's attempts at the problem.
    // (Before a timed set is started its problems do not show at all: ShowsProblems.)
    public Refusal? AnswerRefusal(DateTimeOffset now, int attemptsUsed)
    {
        if (HardCloseAt is { } close && now > close) return Closed(close);
        if (FinishedAt is { } finished && TimeEndsAt == finished && now > finished)
            return new Refusal.TimeUp($"You finished this problem set at {Format(finished)} UTC; answers are no longer accepted.");
        if (TimeEndsAt is { } end && now > end)
            return new Refusal.TimeUp($"Your time for this problem set ended at {Format(end)} UTC; answers are no longer accepted.");
        if (MaxAttempts is { } max && attemptsUsed >= max)
            return new Refusal.NoAttemptsLeft($"You have used all {max} attempts for this problem.");
        return null;
    }

    public SetPhase PhaseAt(DateTimeOffset now)
    {
        if (!IsOpen(now)) return SetPhase.NotYetOpen;
        if (IsClosedAt(now)) return SetPhase.Closed;
        if (DueAt is { } due) return now > due ? SetPhase.PastDue : SetPhase.Due;
        return SetPhase.Open;
    }

    // The student's due date or hard close has passed (what "after the due date" means for
    // solutions): an extension moves it. A timed set's own end does not count, since others may
    // still be within theirs.
    public bool IsPastDueAt(DateTimeOffset now) => (DueAt is { } due && now > due) || (HardCloseAt is { } close && now > close);

    // "10% per started day late" (null: no penalty), how pages state the late policy.
    public string? LatePolicy => LatePenaltyPerDay > 0
        ? (LatePenaltyPerDay * 100).ToString("0.##", CultureInfo.InvariantCulture) + "% per started day late"
        : null;

    // The badge a phase shows: a word, and a Bootstrap colour that reads at AA contrast.
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

    private bool IsClosedAt(DateTimeOffset now) => (HardCloseAt is { } close && now > close) || (TimeEndsAt is { } end && now > end);

    public int? AttemptsLeft(int attemptsUsed) => MaxAttempts is { } max ? Math.Max(0, max - attemptsUsed) : null;

    // The late factor of an answer given at submittedAt, by the student's own due date.
    public double LateFactor(DateTimeOffset submittedAt) => ScorePolicy.LateFactor(DueAt, LatePenaltyPerDay, submittedAt);

    public int DaysLate(DateTimeOffset submittedAt) => ScorePolicy.DaysLate(DueAt, submittedAt);

    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static Refusal.Closed Closed(DateTimeOffset close) =>
        new($"This problem set closed on {Format(close)} UTC; answers are no longer accepted.");

    private static DateTimeOffset? Earliest(params DateTimeOffset?[] instants) =>
        instants.Where(i => i is not null).DefaultIfEmpty(null).Min();
}
