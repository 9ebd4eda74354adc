using System.Globalization;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Answers;

// What one entry of a structured answer is graded against: a number with a tolerance, or an
// expression decided by the equivalence engine.
public abstract record EntryReference;

public sealed record NumberEntry(double Value, NumericTolerance Tolerance) : EntryReference;

public sealed record ExpressionEntry(PreparedReference Reference) : EntryReference
{
    public static ExpressionEntry Of(Expr reference, IReadOnlyList<string> variables, EquivalenceOptions? options = null) =>
        new(new PreparedReference(reference, reference, variables, options));
}

// An entry read from the student's text, before grading: parse errors are found for every entry
// first, so a malformed answer is rejected whole (and costs no attempt) before anything is graded.
internal sealed record ReadEntry(EntryNode Node, ParsedExpression Parsed);

public sealed record EntryGrade(bool Correct, bool Undetermined, string? Message);

internal static class Entries
{
    public static GradeResult Invalid(string message, int column) => new(GradeVerdict.Invalid, 0, message, column);

    public static (ListNode? Root, GradeResult? Invalid) Structure(string? answer)
    {
        var structure = AnswerStructure.Parse(answer);
        return structure.Root is { } root ? (root, null) : (null, Invalid(structure.Error!.Message, structure.Error.Column));
    }

    // Parses one entry in the given variables, shifting an error's column into the whole answer.
    public static (ReadEntry? Entry, GradeResult? Invalid) Read(EntryNode node, IReadOnlyList<string> variables)
    {
        var (parsed, error) = ExpressionReading.Read(node.Text, variables);
        return parsed is not null
            ? (new ReadEntry(node, parsed), null)
            : (null, Invalid(error!.Message, node.Column + error.Column - 1));
    }

    // Reads every entry of a list in the same variables; the first error wins.
    public static (List<ReadEntry>? Entries, GradeResult? Invalid) ReadAll(IEnumerable<AnswerNode> nodes, IReadOnlyList<string> variables)
    {
        var read = new List<ReadEntry>();
        foreach (var node in nodes)
        {
            if (node is not EntryNode entryNode)
            {
                return (null, Invalid("Expected a number or an expression here, not a bracketed list.", node.Column));
            }

            var (entry, invalid) = Read(entryNode, variables);
            if (entry is null)
            {
                return (null, invalid);
            }

            read.Add(entry);
        }

        return (read, null);
    }

    // How an entry was read, as the preview shows it.
    public static string Latex(ReadEntry entry) => SyntaxPrinter.ToLatex(entry.Parsed.Syntax);

    public static string Text(ReadEntry entry) => SyntaxPrinter.ToText(entry.Parsed.Syntax);

    public static string Tuple(IEnumerable<ReadEntry> entries, bool latex)
    {
        var items = entries.Select(e => latex ? Latex(e) : Text(e)).ToList();
        return items.Count == 1 ? items[0] : latex ? @"\left(" + string.Join(@",\ ", items) + @"\right)" : "(" + string.Join(", ", items) + ")";
    }

    public static string ColumnVector(IEnumerable<string> latexItems) => @"\begin{pmatrix} " + string.Join(@" \\ ", latexItems) + @" \end{pmatrix}";

    // The value of an entry typed as an exact expression (sqrt(2)/2, 3/4, e^2), or null when it is
    // not a real number (log(-1), 1/0).
    public static double? Number(ReadEntry entry)
    {
        var result = CompiledExpr.Compile(entry.Parsed.Raw, []).Evaluate([]);
        return result.Status == EvalStatus.Ok && double.IsFinite(result.Value) ? result.Value : null;
    }

    public static EntryGrade Grade(ReadEntry entry, EntryReference reference, string name, CancellationToken ct = default) => reference switch
    {
        NumberEntry n => GradeNumber(entry, n, name),
        ExpressionEntry e => GradeExpression(entry, e, name, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(reference)),
    };

    public static IReadOnlyList<string> VariablesOf(EntryReference reference) => reference switch
    {
        ExpressionEntry e => e.Reference.Variables,
        _ => [],
    };

    public static GradeResult Combine(int correct, int total, bool undetermined, IEnumerable<string?> messages, string summary)
    {
        var score = total == 0 ? 0 : (double)correct / total;
        var verdict = correct == total && total > 0 ? (undetermined ? GradeVerdict.Undetermined : GradeVerdict.Correct)
            : correct == 0 ? (undetermined ? GradeVerdict.Undetermined : GradeVerdict.Incorrect)
            : GradeVerdict.PartiallyCorrect;
        var details = messages.Where(m => m is not null).ToList();
        var feedback = details.Count == 0 ? summary : summary + " " + string.Join(" ", details);
        return new GradeResult(verdict, score, feedback, null);
    }

    public static string Show(double x) => x.ToString("G8", CultureInfo.InvariantCulture);

    private static EntryGrade GradeNumber(ReadEntry entry, NumberEntry reference, string name)
    {
        if (entry.Parsed.Variables.Count == 0 && Number(entry) is { } value)
        {
            return reference.Tolerance.Accepts(value, reference.Value)
                ? new EntryGrade(true, false, null)
                : new EntryGrade(false, false, $"{name}: {Show(value)} is not correct.");
        }

        return new EntryGrade(false, false, $"{name}: '{entry.Node.Text}' is not a real number.");
    }

    private static EntryGrade GradeExpression(ReadEntry entry, ExpressionEntry reference, string name, CancellationToken ct)
    {
        var result = EquivalenceChecker.Check(reference.Reference, entry.Parsed, ct);
        return result.Verdict switch
        {
            EquivalenceVerdict.Equivalent => new EntryGrade(true, false, null),
            EquivalenceVerdict.NotEquivalent => new EntryGrade(false, false, $"{name} is not correct."),
            EquivalenceVerdict.Undetermined => new EntryGrade(false, true, $"{name} could not be decided and will be reviewed."),
            EquivalenceVerdict.Invalid => new EntryGrade(false, false, $"{name}: {result.Reason}"),
        };
    }
}
