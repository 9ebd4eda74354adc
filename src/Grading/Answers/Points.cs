using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Answers;

internal static class Points
{
    // A point `(1, 2)` / `[1, 2]` of the given dimension, or for dimension 1 a bare number. Entries may
    // be exact expressions. An entry that is well-formed but not a real number (log(-1)) gives a
    // point of NaN, which then matches nothing; the student still sees why.
    public static (double[]? Point, GradeResult? Invalid) Read(AnswerNode node, int dimension)
    {
        IReadOnlyList<AnswerNode> entries = node switch
        {
            ListNode { Open: '(' or '[' } list => list.Items,
            EntryNode when dimension == 1 => [node],
            _ => [],
        };
        if (entries.Count != dimension)
        {
            var example = dimension == 1 ? "a number" : "(" + string.Join(", ", Enumerable.Range(1, dimension).Select(i => "x" + i)) + ")";
            return (null, Entries.Invalid($"Expected a point with {dimension} coordinates, written like {example}.", node.Column));
        }

        var point = new double[dimension];
        for (var k = 0; k < dimension; k++)
        {
            if (entries[k] is not EntryNode entryNode)
            {
                return (null, Entries.Invalid("Expected a number here, not a bracketed list.", entries[k].Column));
            }

            var (entry, invalid) = Entries.Read(entryNode, []);
            if (entry is null)
            {
                return (null, invalid);
            }

            point[k] = Entries.Number(entry) ?? double.NaN;
        }

        return (point, null);
    }

    public static (List<double[]>? Points, GradeResult? Invalid) ReadAll(IEnumerable<AnswerNode> items, int dimension)
    {
        var points = new List<double[]>();
        foreach (var item in items)
        {
            var (point, invalid) = Read(item, dimension);
            if (point is null)
            {
                return (null, invalid);
            }

            points.Add(point);
        }

        return (points, null);
    }

    public static bool Close(IReadOnlyList<double> a, IReadOnlyList<double> reference, NumericTolerance tolerance) =>
        a.Count == reference.Count && a.Select((v, k) => tolerance.Accepts(v, reference[k])).All(b => b);

    public static string Show(IReadOnlyList<double> p) =>
        p.Count == 1 ? Entries.Show(p[0]) : "(" + string.Join(", ", p.Select(Entries.Show)) + ")";
}
