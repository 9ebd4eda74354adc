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

    public List<ProblemVersion> Versions { get; set; } = [];
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
