namespace GraderHub.Grading.Answers;

// A point as read from the answer: its entries as typed (for the preview) and its coordinates.
internal sealed record ReadPoint(IReadOnlyList<ReadEntry> Entries, double[] Values);

internal static class Points
{
    // A point `(1, 2)` / `[1, 2]` of the given dimension, or for dimension 1 a bare number. Entries may
    // be exact expressions. A constant with no value anywhere (1/0) is Invalid when read; one beyond
    // double range gives a coordinate of NaN, which then matches nothing.
    public static (ReadPoint? Point, GradeResult? Invalid) Read(AnswerNode node, int dimension)
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

        var read = new List<ReadEntry>(dimension);
        foreach (var item in entries)
        {
            if (item is not EntryNode entryNode)
            {
                return (null, Entries.Invalid("Expected a number here, not a bracketed list.", item.Column));
            }

            var (entry, invalid) = Entries.Read(entryNode, []);
            if (entry is null)
            {
                return (null, invalid);
            }

            read.Add(entry);
        }

        return (new ReadPoint(read, [.. read.Select(e => Entries.Number(e) ?? double.NaN)]), null);
    }

    public static (List<ReadPoint>? Points, GradeResult? Invalid) ReadAll(IEnumerable<AnswerNode> items, int dimension)
    {
        var points = new List<ReadPoint>();
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

    // The index of the reference point nearest to p (max-norm), or -1 when there is none.
    public static int Nearest(double[] p, IReadOnlyList<IReadOnlyList<double>> reference)
    {
        var best = -1;
        var bestDistance = double.PositiveInfinity;
        for (var r = 0; r < reference.Count; r++)
        {
            var d = p.Select((v, k) => Math.Abs(v - reference[r][k])).Max();
            if (d < bestDistance)
            {
                (best, bestDistance) = (r, d);
            }
        }

        return best;
    }

    public static string Show(IReadOnlyList<double> p) =>
        p.Count == 1 ? Entries.Show(p[0]) : "(" + string.Join(", ", p.Select(Entries.Show)) + ")";

    public static string Latex(ReadPoint p) => Entries.Tuple(p.Entries, latex: true);

    public static string Text(ReadPoint p) => Entries.Tuple(p.Entries, latex: false);
}
