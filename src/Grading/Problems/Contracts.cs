using GraderHub.Grading.Answers;

namespace GraderHub.Grading.Problems;

// The public surface the site relies on (CONTRACT.md): names are fixed, members may be added.

public sealed record ProblemSetReadResult(ProblemSetDefinition? ProblemSet, IReadOnlyList<SpecError> Errors)
{
    public bool Succeeded => ProblemSet is not null && Errors.Count == 0;
}

public sealed record SpecError(string Source, int Line, int Column, string Message)
{
    public override string ToString() => $"{Source}({Line},{Column}): {Message}";
}

// Problems: every problem in course order, pool members included (each is validated and stored
// as a problem); Pools: which of them are drawn from, one per student (a pool is one slot).
public sealed record ProblemSetDefinition(string Key, string Title, int Week, string Summary,
    IReadOnlyList<ProblemDefinition> Problems)
{
    public IReadOnlyList<PoolDefinition> Pools { get; init; } = [];

    public PoolDefinition? PoolOf(string problemKey) => Pools.FirstOrDefault(p => p.ProblemKeys.Contains(problemKey));
}

// A slot of a set that shows each student one of its problems (all worth the same points).
public sealed record PoolDefinition(string Key, string Title, IReadOnlyList<string> ProblemKeys);

public sealed record ProblemReadResult(ProblemDefinition? Problem, IReadOnlyList<SpecError> Errors);

// One student's statement and answer box. Variables are the names an answer may use (empty when
// the answer is numbers).
public sealed record RenderedProblem(string Title, string StatementMarkdown, AnswerKind AnswerKind,
    IReadOnlyList<string> Variables, AnswerBox Box, string? Hint)
{
    public string AnswerSyntaxHelp => Box.SyntaxHelp;
}

// What a student may read once the set's solution policy allows it: the author's solution and the
// engine's worked one (Markdown with $...$ math; either may be null) and the answer as typed.
public sealed record ProblemSolution(string? AuthorMarkdown, string? WorkedMarkdown, string? AnswerText)
{
    public bool HasAny => AuthorMarkdown is not null || WorkedMarkdown is not null || AnswerText is not null;
}

// The reference answer of one variant, for authors previewing a problem (never shown to students).
public sealed record ReferenceAnswer(bool Ok, string? Latex, string? Text, string? Error);

// A self-test of the author's, made concrete for one variant: parameters replaced by its values and
// {{ref}} by its reference, so it can be typed, previewed and graded like a student's answer.
public sealed record SelfTest(string Template, string Answer, bool ShouldBeCorrect, string? Diagnosis);
