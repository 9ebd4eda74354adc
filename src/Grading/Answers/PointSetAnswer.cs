using GraderHub.Grading.Feedback;

namespace GraderHub.Grading.Answers;

// A set of points `{(1, 2), (-1, -2)}`, in any order, matched optimally to the reference points.
// Credit is the number matched over the larger of the two set sizes, so extra points cost as much
// as missing ones. Accept, when given, says whether a point the reference list does not contain
// within tolerance is still right (e.g. it satisfies the Lagrange conditions to the problem's
// tolerance); such a point stands in for its nearest reference point.
public sealed record PointSetAnswer(
    IReadOnlyList<IReadOnlyList<double>> Reference,
    int Dimension,
    NumericTolerance Tolerance,
    Func<IReadOnlyList<double>, bool>? Accept = null) : IAnswer
{
    public const string SyntaxHelp = "A set of points in braces: {(1, 2), (-1, -2)}; {} for none. Order does not matter.";

    public GradeResult Grade(string? answer, CancellationToken ct = default)
    {
        var (read, invalid) = Read(answer);
        if (read is null)
        {
            return invalid!;
        }

        var given = read.Select(p => p.Values).ToList();
        var nearest = given.Select(p => Points.Nearest(p, Reference)).ToArray();
        // Accept may run a solver: at most once per given point, however often the matching asks.
        var accepted = new bool?[given.Count];
        bool Accepted(int g) => accepted[g] ??= Accept is not null && Accept(given[g]);
        var match = PointMatching.Match(given.Count, Reference.Count, (g, r) =>
            Points.Close(given[g], Reference[r], Tolerance) || (nearest[g] == r && Accepted(g)));
        var matched = match.Count(m => m >= 0);
        var missing = Reference.Count - matched;
        var extra = given.Where((_, g) => match[g] < 0).Select(Points.Show).ToList();
        var size = Math.Max(Reference.Count, given.Count);
        var score = size == 0 ? 1 : (double)matched / size;
        var messages = new List<string>();
        if (missing > 0)
        {
            messages.Add(Wording.Are(missing, "point", null, "missing."));
        }

        if (extra.Count > 0)
        {
            messages.Add($"Not in the set: {string.Join(", ", extra)}.");
        }

        var verdict = score == 1 ? GradeVerdict.Correct : matched == 0 ? GradeVerdict.Incorrect : GradeVerdict.PartiallyCorrect;
        var summary = score == 1 ? "Correct." : $"{matched} of {Wording.Count(Reference.Count, "point")} found.";
        // Every given point right and one or more missing, or every point found and more given.
        var diagnosis = score == 1 ? null : missing > 0 && extra.Count == 0 ? SlipKind.MissingPoint : missing == 0 && extra.Count > 0 ? SlipKind.ExtraPoint : null;
        return new GradeResult(verdict, score, string.Join(" ", [summary, .. messages]), null) { Diagnosis = diagnosis };
    }

    public AnswerPreview Preview(string? answer)
    {
        var (read, invalid) = Read(answer);
        return read is null
            ? AnswerPreview.Fail(invalid!)
            : AnswerPreview.Read(read.Count == 0 ? @"\{\,\}" : @"\left\{ " + string.Join(@",\ ", read.Select(Points.Latex)) + @" \right\}",
                "{" + string.Join(", ", read.Select(Points.Text)) + "}");
    }

    private (List<ReadPoint>? Points, GradeResult? Invalid) Read(string? answer)
    {
        var (root, invalidStructure) = Entries.Structure(answer);
        if (root is null)
        {
            return (null, invalidStructure);
        }

        // Braces are the notation taught; a bare list of points is read the same way.
        var items = root.Items is [ListNode { Open: '{' } set] ? set.Items : root.Items;
        return Points.ReadAll(items, Dimension);
    }
}
