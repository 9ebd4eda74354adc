using GraderHub.Grading.Feedback;

namespace GraderHub.Grading.Answers;

// A vector `[1, 2]` / `(1, 2)` or a matrix `[[1, 2], [3, 4]]` (rows), each entry a number or an
// expression: a gradient, Jacobian or Hessian entered as a whole, with credit per entry. A wrong
// shape is Invalid with a message, so it costs no attempt; the preview reads the same shape.
public sealed class ArrayAnswer : IAnswer
{
    public const string VectorSyntaxHelp = "A vector in brackets, entries separated by commas: [1, 2] or (2x, 3y^2).";
    public const string MatrixSyntaxHelp = "A matrix as a list of rows: [[1, 2], [3, 4]]; each entry a number or an expression.";

    private readonly IReadOnlyList<IReadOnlyList<EntryReference>> _rows;
    private readonly bool _isMatrix;

    private ArrayAnswer(IReadOnlyList<IReadOnlyList<EntryReference>> rows, bool isMatrix, IReadOnlyList<string>? names)
    {
        _rows = rows;
        _isMatrix = isMatrix;
        Names = names;
    }

    // names: what each component is called (a fit's parameters, in order), for a diagnosis that names them.
    public static ArrayAnswer Vector(IReadOnlyList<EntryReference> entries, IReadOnlyList<string>? names = null) => new([entries], false, names);

    public IReadOnlyList<string>? Names { get; }

    public static ArrayAnswer Matrix(IReadOnlyList<IReadOnlyList<EntryReference>> rows) => new(rows, true, null);

    public GradeResult Grade(string? answer, CancellationToken ct = default)
    {
        var (read, invalid) = Read(answer);
        if (read is null)
        {
            return invalid!;
        }

        var grades = new List<EntryGrade>();
        for (var i = 0; i < _rows.Count; i++)
        {
            for (var j = 0; j < _rows[i].Count; j++)
            {
                grades.Add(Entries.Grade(read[i][j], _rows[i][j], _isMatrix ? $"Entry ({i + 1}, {j + 1})" : $"Component {j + 1}", ct));
            }
        }

        var correct = grades.Count(g => g.Correct);
        var noun = _isMatrix ? ("entry", "entries") : ("component", "components");
        var slip = correct < grades.Count && !grades.Any(g => g.Undetermined) ? ArraySlips.Find(_rows, read, _isMatrix, Names, grades, ct) : null;
        var messages = slip is { } s ? [s.Message] : grades.Select(g => g.Message);
        var result = Entries.Combine(correct, grades.Count, grades.Any(g => g.Undetermined), messages,
            correct == grades.Count ? "Correct." : Wording.OfCorrect(correct, grades.Count, noun.Item1, noun.Item2));
        return slip is { } found ? result with { Diagnosis = found.Kind } : result;
    }

    // A vector shows as a column vector, a matrix as a matrix, each entry as it was read.
    public AnswerPreview Preview(string? answer)
    {
        var (read, invalid) = Read(answer);
        if (read is null)
        {
            return AnswerPreview.Fail(invalid!);
        }

        if (!_isMatrix)
        {
            return AnswerPreview.Read(Entries.ColumnVector(read[0].Select(Entries.Latex)), "(" + string.Join(", ", read[0].Select(Entries.Text)) + ")");
        }

        var latex = @"\begin{bmatrix} " + string.Join(@" \\ ", read.Select(r => string.Join(" & ", r.Select(Entries.Latex)))) + @" \end{bmatrix}";
        var text = "[" + string.Join(", ", read.Select(r => "[" + string.Join(", ", r.Select(Entries.Text)) + "]")) + "]";
        return AnswerPreview.Read(latex, text);
    }

    // The cells in the reference's shape, every entry parsed, or the first error.
    private (List<ReadEntry>[]? Cells, GradeResult? Invalid) Read(string? answer)
    {
        var (root, invalidStructure) = Entries.Structure(answer);
        if (root is null)
        {
            return (null, invalidStructure);
        }

        var (cells, shapeError) = _isMatrix ? MatrixCells(root) : VectorCells(root);
        if (shapeError is not null)
        {
            return (null, shapeError);
        }

        var read = new List<ReadEntry>[_rows.Count];
        for (var i = 0; i < _rows.Count; i++)
        {
            read[i] = [];
            for (var j = 0; j < _rows[i].Count; j++)
            {
                if (cells![i][j] is not EntryNode node)
                {
                    return (null, Entries.Invalid("Expected a number or an expression here, not a bracketed list.", cells[i][j].Column));
                }

                var (entry, invalid) = Entries.Read(node, Entries.VariablesOf(_rows[i][j]));
                if (entry is null)
                {
                    return (null, invalid);
                }

                read[i].Add(entry);
            }
        }

        return (read, null);
    }

    private (AnswerNode[][]? Cells, GradeResult? Error) VectorCells(ListNode root)
    {
        var n = _rows[0].Count;
        var items = root.Items is [ListNode { Open: '[' or '(' } inner] ? inner.Items : root.Items;
        return items.Count == n
            ? ([[.. items]], null)
            : (null, Entries.Invalid($"Expected a vector with {Wording.Count(n, "component")}, got {items.Count}.", root.Items[0].Column));
    }

    private (AnswerNode[][]? Cells, GradeResult? Error) MatrixCells(ListNode root)
    {
        var rows = _rows.Count;
        var columns = _rows[0].Count;
        var shape = $"Expected a {rows}x{columns} matrix written as rows, e.g. [[a, b], [c, d]]";
        if (root.Items is not [ListNode { Open: '[' } outer])
        {
            return (null, Entries.Invalid(shape + ".", root.Items[0].Column));
        }

        // A 1-row matrix may be typed [a, b, c]; otherwise every item must be a row.
        var rowNodes = rows == 1 && outer.Items.All(i => i is EntryNode) ? [outer] : outer.Items;
        if (rowNodes.Count != rows)
        {
            return (null, Entries.Invalid($"{shape}: got {Wording.Count(rowNodes.Count, "row")}.", outer.Column));
        }

        var cells = new AnswerNode[rows][];
        for (var i = 0; i < rows; i++)
        {
            if (rowNodes[i] is not ListNode row || row.Items.Count != columns)
            {
                var got = rowNodes[i] is ListNode r ? Wording.Count(r.Items.Count, "entry", "entries") : "a single entry";
                return (null, Entries.Invalid($"{shape}: row {i + 1} has {got}.", rowNodes[i].Column));
            }

            cells[i] = [.. row.Items];
        }

        return (cells, null);
    }
}
