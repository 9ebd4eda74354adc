namespace GraderHub.Data.Entities;

// A course's group of students with an accommodation (extra time on every timed assessment of
// the course), and the group a per-set override can name.
public sealed class StudentGroup
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course Course { get; set; } = null!;
    public required string Name { get; set; }
    // +50 = half as long again on every timed assessment of the course.
    public int ExtraTimePercent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<StudentGroupMember> Members { get; set; } = [];
}

public sealed class StudentGroupMember
{
    public int Id { get; set; }
    public int StudentGroupId { get; set; }
    public StudentGroup Group { get; set; } = null!;
    public required string UserId { get; set; }
    public AppUser User { get; set; } = null!;
}

// One set's dates changed for one student (UserId) or one group (StudentGroupId): each null
// field keeps what the set (or, for a student, the group) says. Read only through
// Web/Features/Schedule/EffectiveSchedule, which every road asks for a student's dates.
public sealed class ScheduleOverride
{
    public int Id { get; set; }
    public int ProblemSetId { get; set; }
    public ProblemSet ProblemSet { get; set; } = null!;
    public string? UserId { get; set; }
    public int? StudentGroupId { get; set; }
    public StudentGroup? Group { get; set; }

    public DateTimeOffset? OpensAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? HardCloseAt { get; set; }
    public int? MaxAttempts { get; set; }
    public double? LatePenaltyPerDay { get; set; }
    public int? TimeLimitMinutes { get; set; }

    public required string Reason { get; set; }
    public required string ByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

// The moment a student started a timed set, by the server's clock; unique per (set, student),
// so starting twice is the same start and a restart of the server changes no deadline.
public sealed class TimedStart
{
    public long Id { get; set; }
    public int ProblemSetId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    // The student's "finish" button: their time ends here (time up is derived, not stored).
    public DateTimeOffset? FinishedAt { get; set; }
}

// An exam's results released to one student (the whole set: ProblemSet.ResultsReleasedAt).
public sealed class ResultRelease
{
    public long Id { get; set; }
    public int ProblemSetId { get; set; }
    public required string UserId { get; set; }
    public required string ByUserId { get; set; }
    public DateTimeOffset ReleasedAt { get; set; }
}

// What a student's exam log records beyond its start, answers and finish (those are read from
// TimedStart and Submission, so nothing is written twice): the browser's focus reports and the
// refused starts. Bounded per student and exam (Web/Features/Exam/ExamEvents).
public enum ExamEventKind { FocusLost, FocusRegained, WrongAccessCode, OutsideNetwork }

public sealed class ExamEvent
{
    public long Id { get; set; }
    public int ProblemSetId { get; set; }
    public required string UserId { get; set; }
    public ExamEventKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    // The caller's address as the server saw it (wrong code, outside the networks); null else.
    public string? Address { get; set; }
}

// One row whose Version changes with every change to what a student's calendar is computed from
// (sets, problems, enrolments, groups and their members, overrides, timed starts, result
// releases). Database triggers bump it (CalendarStamps), so a change made by another node, a
// script or a hand edit invalidates every node's cached schedules (Web/Features/Schedule/
// ScheduleCache) as surely as a change made through the site.
public sealed class CalendarStamp
{
    public const int TheRow = 1;
    public int Id { get; set; }
    public long Version { get; set; }
}
