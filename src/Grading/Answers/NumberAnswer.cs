using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Answers;

// One number, typed as a decimal or an exact expression (sqrt(2)/2, 3/4, e^2).
public sealed record NumberAnswer(double Reference, NumericTolerance Tolerance)
{
    public const string SyntaxHelp = "A number: a decimal such as 0.7071 or an exact expression such as sqrt(2)/2, 3/4 or e^2.";

    public GradeResult Grade(string? answer)
    {
        var (root, invalidStructure) = Entries.Structure(answer);
        if (root is null)
        {
            return invalidStructure!;
        }

        if (root.Items is not [EntryNode node])
        {
            return Entries.Invalid("Expected a single number, not a list.", root.Items[0].Column);
        }

        var (entry, invalid) = Entries.Read(node, []);
        if (entry is null)
        {
            return invalid!;
        }

        var grade = Entries.Grade(entry, new NumberEntry(Reference, Tolerance), "The value");
        return grade.Correct
            ? new GradeResult(GradeVerdict.Correct, 1, "Correct.", null)
            : new GradeResult(GradeVerdict.Incorrect, 0, grade.Message ?? "Not correct.", null);
    }
}
