using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Answers;

// The structured slips the engine names (self-tests check them by these names): each is a small
// transformation of the reference, and an answer is diagnosed with one when every entry of it
// equals that transformation of the reference (Sign is the expression diagnosis's own name). Such an answer is still graded wrong; the diagnosis
// only explains it, and never shows a reference value.
public static class SlipKind
{
    public const string Swapped = "swapped";
    public const string Transposed = "transposed";
    public const string OffDiagonalSign = "off_diagonal_sign";
    public const string Sign = DiagnosisKind.Sign;
    public const string MissingPoint = "missing_point";
    public const string ExtraPoint = "extra_point";
    public const string OneSlip = "one_slip";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Swapped, Transposed, OffDiagonalSign, MissingPoint, ExtraPoint, OneSlip,
    };
}

// The closed set of array transformations tried, most specific first.
internal enum ArraySlip { Swapped, Transposed, OffDiagonalSign, Sign }

internal static class ArraySlips
{
    // The slip every entry of the answer fits, or null. grades: each cell's own grade (row-major).
    // Only the cells the transformation moves or negates are checked again, so a right answer or a
    // scattered mistake costs at most a few more equivalence checks.
    public static (string Kind, string Message)? Find(IReadOnlyList<IReadOnlyList<EntryReference>> rows, List<ReadEntry>[] read, bool isMatrix,
        IReadOnlyList<string>? names, IReadOnlyList<EntryGrade> grades, CancellationToken ct)
    {
        var columns = rows[0].Count;
        var wrong = new List<(int Row, int Column)>();
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                if (!grades[(i * columns) + j].Correct)
                {
                    wrong.Add((i, j));
                }
            }
        }

        if (wrong.Count < 2 && !(wrong.Count == 1 && rows.Count * columns == 1))
        {
            return null;
        }

        foreach (var slip in Enum.GetValues<ArraySlip>())
        {
            if (Fits(slip, rows, read, isMatrix, wrong, ct))
            {
                return (Kind(slip), Message(slip, isMatrix, wrong, names));
            }
        }

        return null;
    }

    private static bool Fits(ArraySlip slip, IReadOnlyList<IReadOnlyList<EntryReference>> rows, List<ReadEntry>[] read, bool isMatrix,
        List<(int Row, int Column)> wrong, CancellationToken ct)
    {
        var square = rows.Count == rows[0].Count;
        return slip switch
        {
            // Two components of a vector in each other's place (a gradient's, a fit's (m, c)).
            ArraySlip.Swapped => !isMatrix && wrong is [var a, var b]
                && Matches(read[0][a.Column], rows[0][b.Column], false, ct) && Matches(read[0][b.Column], rows[0][a.Column], false, ct),
            ArraySlip.Transposed => isMatrix && square && wrong.All(c => c.Row != c.Column)
                && wrong.All(c => Matches(read[c.Row][c.Column], rows[c.Column][c.Row], false, ct)),
            ArraySlip.OffDiagonalSign => isMatrix && square && wrong.All(c => c.Row != c.Column)
                && wrong.All(c => Matches(read[c.Row][c.Column], rows[c.Row][c.Column], true, ct)),
            // Every entry negated (a right entry is then zero, and its negation too).
            ArraySlip.Sign => Enumerable.Range(0, rows.Count).All(i => Enumerable.Range(0, rows[i].Count)
                .All(j => Matches(read[i][j], rows[i][j], true, ct))),
        };
    }

    private static bool Matches(ReadEntry entry, EntryReference reference, bool negated, CancellationToken ct)
    {
        var target = negated ? Negate(reference) : reference;
        return Entries.Grade(entry, target, "", ct).Correct;
    }

    private static EntryReference Negate(EntryReference reference) => reference switch
    {
        NumberEntry n => n with { Value = -n.Value },
        ExpressionEntry e => new ExpressionEntry(new PreparedReference(Expr.Neg(e.Reference.Canonical), Expr.Neg(e.Reference.Evaluated),
            e.Reference.Variables, e.Reference.Options)),
        _ => throw new ArgumentOutOfRangeException(nameof(reference)),
    };

    private static string Kind(ArraySlip slip) => slip switch
    {
        ArraySlip.Swapped => SlipKind.Swapped,
        ArraySlip.Transposed => SlipKind.Transposed,
        ArraySlip.OffDiagonalSign => SlipKind.OffDiagonalSign,
        ArraySlip.Sign => SlipKind.Sign,
    };

    private static string Message(ArraySlip slip, bool isMatrix, List<(int Row, int Column)> wrong, IReadOnlyList<string>? names) => slip switch
    {
        ArraySlip.Swapped => names is { } n && n.Count > Math.Max(wrong[0].Column, wrong[1].Column)
            ? $"{n[wrong[0].Column]} and {n[wrong[1].Column]} are in each other's place: give them in the order {Order(n)}."
            : $"Components {wrong[0].Column + 1} and {wrong[1].Column + 1} are in each other's place: check the order the question asks for.",
        ArraySlip.Transposed => "Your matrix is the transpose of the right one: row i holds the derivatives of the i-th component, column j those with respect to the j-th variable.",
        ArraySlip.OffDiagonalSign => "The off-diagonal entries have the wrong sign: check the mixed partial derivatives.",
        ArraySlip.Sign => isMatrix ? "Every entry has the wrong sign." : "Every component has the wrong sign.",
    };

    private static string Order(IReadOnlyList<string> names) => "(" + string.Join(", ", names) + ")";
}
