namespace GraderHub.Data.Entities;

public sealed class ProblemSet
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course Course { get; set; } = null!;

    // Stable name from the YAML file (e.g. "week-1"): the seed loader and import match on it.
    public required string Key { get; set; }
    public required string Title { get; set; }
    public int Week { get; set; }
    public string Summary { get; set; } = "";

    // Null OpensAt: open as soon as published. Null DueAt: no deadline, so no late penalty.
    public DateTimeOffset? OpensAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    // Late policy: fraction of the score lost per started day after DueAt (0.1 = 10 %/day),
    // and a hard close after which submissions are refused.
    public double LatePenaltyPerDay { get; set; }
    public DateTimeOffset? HardCloseAt { get; set; }
    // Null: unlimited attempts per problem.
    public int? MaxAttempts { get; set; }
    // When a student may read a problem's solution (the author's and the engine's worked one).
    public SolutionRelease SolutionRelease { get; set; } = SolutionRelease.AfterDue;
    public bool IsPublished { get; set; }
    // Timed assessment: a student starts it explicitly and answers for this many minutes from
    // the start (server clock, stored start: Web/Features/Schedule). Null: not timed.
    public int? TimeLimitMinutes { get; set; }
    // Exam: results (scores, verdicts, feedback) stay hidden from students until released.
    public bool IsExam { get; set; }
    // Released to everyone at once (per student: ResultRelease).
    public DateTimeOffset? ResultsReleasedAt { get; set; }
    // Exam entry (Web/Features/Exam): a salted hash of the access code a student types to start
    // (never the code itself, so no page or export can show it), and the networks (CIDR, one a
    // line) a student must start and answer from. Null: no code, any network.
    public string? AccessCodeHash { get; set; }
    public string? AllowedNetworks { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<Problem> Problems { get; set; } = [];
}

// AfterDue: once the student's due date has passed (or the set closed). AfterAttempts: as AfterDue,
// and also as soon as the student has used all the set's attempts on that problem. Never: not shown.
public enum SolutionRelease { AfterDue, AfterAttempts, Never }
