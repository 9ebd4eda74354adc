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

public sealed record ProblemSetDefinition(string Key, string Title, int Week, string Summary,
    IReadOnlyList<ProblemDefinition> Problems);

// SpecYaml is the problem's own YAML text, stored by the site and read back with ProblemReader.
public sealed record ProblemDefinition(string Key, string Title, string Kind, int Points, string SpecYaml);

public sealed record ProblemReadResult(ProblemDefinition? Problem, IReadOnlyList<SpecError> Errors);

public sealed record RenderedProblem(string Title, string StatementMarkdown, string AnswerKind,
    IReadOnlyList<string> Variables, string AnswerSyntaxHelp, string? Hint);

public sealed record AnswerPreview(bool Ok, string? Latex, string? Text, string? Error, int? Column);

public enum GradeVerdict { Correct, PartiallyCorrect, Incorrect, Undetermined, Invalid }

public sealed record GradeResult(GradeVerdict Verdict, double Score, string Feedback, int? ErrorColumn)
{
    // The named slip (see DiagnosisKind) for an incorrect or invalid answer; checked by self-tests.
    public string? Diagnosis { get; init; }
}
