namespace GraderHub.Data.Entities;

public sealed class Problem
{
    public int Id { get; set; }
    public int ProblemSetId { get; set; }
    public ProblemSet ProblemSet { get; set; } = null!;

    public required string Key { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public required string Kind { get; set; }
    public int Points { get; set; }

    // The current spec. Every version ever published is kept in Versions, and a submission
    // names the version it was graded against, so editing a problem never changes old grades.
    public required string SpecYaml { get; set; }
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    // Fraction of the score lost by answers given after revealing the hint (0: the hint is free).
    // Set in the site, not in the spec: the engine's spec format has no such key.
    public double HintPenalty { get; set; }
    // A pool slot of the set (the YAML `pool:` entry): problems of one set with the same PoolKey
    // fill one slot, and each student is shown one of them (Web/Features/Problems/Pools). Null:
    // the problem is a slot of its own. PoolTitle is the slot's title, the same on every member.
    public string? PoolKey { get; set; }
    public string? PoolTitle { get; set; }

    public List<ProblemVersion> Versions { get; set; } = [];
}

// A student asked for a problem's hint. The penalty in force at that moment is kept, so a later
// change by the author does not re-price answers already given.
public sealed class HintReveal
{
    public long Id { get; set; }
    public int ProblemId { get; set; }
    public Problem Problem { get; set; } = null!;
    public required string UserId { get; set; }
    public AppUser User { get; set; } = null!;
    public double Penalty { get; set; }
    public DateTimeOffset RevealedAt { get; set; }
}

// A student's report that a problem is broken, with the variant they saw; it waits in the TA
// review queue until a TA marks it resolved.
public sealed class ProblemReport
{
    public long Id { get; set; }
    public int ProblemId { get; set; }
    public Problem Problem { get; set; } = null!;
    public required string UserId { get; set; }
    public AppUser User { get; set; } = null!;
    public int VariantSeed { get; set; }
    public int ProblemVersion { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedByUserId { get; set; }
}

public sealed class ProblemVersion
{
    public int Id { get; set; }
    public int ProblemId { get; set; }
    public Problem Problem { get; set; } = null!;
    public int Version { get; set; }
    public required string SpecYaml { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedByUserId { get; set; }
}
