namespace GraderHub.Grading.Answers;

// One number, typed as a decimal or an exact expression (sqrt(2)/2, 3/4, e^2).
public sealed record NumberAnswer(double Reference, NumericTolerance Tolerance) : IAnswer
{
    public const string SyntaxHelp = "A number: a decimal such as 0.7071 or an exact expression such as sqrt(2)/2, 3/4 or e^2.";

    public GradeResult Grade(string? answer, CancellationToken ct = default)
    {
        var (entry, invalid) = Read(answer);
        if (entry is null)
        {
            return invalid!;
        }

        var grade = Entries.Grade(entry, new NumberEntry(Reference, Tolerance), "The value", ct);
        return grade.Correct
            ? new GradeResult(GradeVerdict.Correct, 1, "Correct.", null)
            : new GradeResult(GradeVerdict.Incorrect, 0, grade.Message ?? "Not correct.", null);
    }

    public AnswerPreview Preview(string? answer)
    {
        var (entry, invalid) = Read(answer);
        return entry is null ? AnswerPreview.Fail(invalid!) : AnswerPreview.Read(Entries.Latex(entry), Entries.Text(entry));
    }

    private static (ReadEntry? Entry, GradeResult? Invalid) Read(string? answer)
    {
        var (root, invalidStructure) = Entries.Structure(answer);
        if (root is null)
        {
            return (null, invalidStructure);
        }

        return root.Items is [EntryNode node]
            ? Entries.Read(node, [])
            : (null, Entries.Invalid("Expected a single number, not a list.", root.Items[0].Column));
    }
}
