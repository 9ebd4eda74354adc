using GraderHub.Grading.Feedback;
using System.Text.RegularExpressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Answers;

// What the second-derivative test says about a critical point. Closed: each name below, and the
// mapping from the Hessian's definiteness, lists every member.
public enum PointClass { Minimum, Maximum, Saddle, Inconclusive }

public sealed record ClassifiedPoint(IReadOnlyList<double> Point, PointClass Class);

public static class PointClasses
{
    public static string Name(this PointClass c) => c switch
    {
        PointClass.Minimum => "minimum",
        PointClass.Maximum => "maximum",
        PointClass.Saddle => "saddle",
        PointClass.Inconclusive => "inconclusive",
    };

    // Positive definite: a minimum; negative definite: a maximum; eigenvalues of both signs: a saddle;
    // a zero eigenvalue without both signs: the test says nothing.
    public static PointClass Of(Definiteness d) => d switch
    {
        Definiteness.PositiveDefinite => PointClass.Minimum,
        Definiteness.NegativeDefinite => PointClass.Maximum,
        Definiteness.Indefinite => PointClass.Saddle,
        Definiteness.PositiveSemidefinite or Definiteness.NegativeSemidefinite => PointClass.Inconclusive,
    };

    public static PointClass? Parse(string text) => Regex.Replace(text.Trim().ToLowerInvariant(), @"\s+", " ") switch
    {
        "min" or "minimum" or "local min" or "local minimum" or "a minimum" or "a local minimum" => PointClass.Minimum,
        "max" or "maximum" or "local max" or "local maximum" or "a maximum" or "a local maximum" => PointClass.Maximum,
        "saddle" or "saddle point" or "a saddle" or "a saddle point" => PointClass.Saddle,
        "inconclusive" or "degenerate" or "test fails" => PointClass.Inconclusive,
        _ => null,
    };
}

// Critical points with their classification, `{(0, 0): saddle, (1, 1): minimum}` in any order, or
// (when the problem gives the point) the classification alone. A point matched within the tolerance
// earns half its share, its right classification the other half. Near, when given, returns the
// critical point (and its class) close to a point the reference list does not contain, so a
// critical point the solver missed is still right when the student finds it.
public sealed partial record ClassificationAnswer(
    IReadOnlyList<ClassifiedPoint> Reference,
    int Dimension,
    NumericTolerance Tolerance,
    bool PointGiven,
    Func<IReadOnlyList<double>, ClassifiedPoint?>? Near = null) : IAnswer
{
    public const string SyntaxHelp = "Each critical point with what it is: {(0, 0): saddle, (1, 1): minimum}; "
        + "classes are minimum, maximum, saddle and inconclusive. {} for none. For a given point, the class alone: saddle.";

    public const string SingleHelp = "What the point is: minimum, maximum, saddle or inconclusive.";

    private sealed record ReadItem(ReadPoint? Point, PointClass Class, string Text);

    public static string Show(IReadOnlyList<ClassifiedPoint> points, bool pointGiven) =>
        pointGiven && points.Count == 1 ? points[0].Class.Name()
            : "{" + string.Join(", ", points.Select(p => SolverAnswers.Show(p.Point) + ": " + p.Class.Name())) + "}";

    public GradeResult Grade(string? answer, CancellationToken ct = default)
    {
        var (read, invalid) = Read(answer);
        if (read is null)
        {
            return invalid!;
        }

        if (PointGiven)
        {
            var expected = Reference[0].Class;
            return read[0].Class == expected
                ? new GradeResult(GradeVerdict.Correct, 1, "Correct.", null)
                : new GradeResult(GradeVerdict.Incorrect, 0, $"Not {read[0].Class.Name()}.", null);
        }

        var given = read.Select(r => r.Point!.Values).ToList();
        // As in PointSetAnswer, a critical point the list lacks stands in for its nearest reference point.
        var close = given.Select(p => Reference.Select(r => Points.Close(p, r.Point, Tolerance)).ToArray()).ToArray();
        // Near runs a solver per point: the grading's time limit is checked before each.
        var near = given.Select((p, g) =>
        {
            ct.ThrowIfCancellationRequested();
            return close[g].Any(c => c) ? null : Near?.Invoke(p);
        }).ToArray();
        var nearest = given.Select(p => Points.Nearest(p, [.. Reference.Select(r => r.Point)])).ToArray();
        var match = PointMatching.Match(given.Count, Reference.Count, (g, r) => close[g][r] || (near[g] is not null && nearest[g] == r));
        var credit = 0.0;
        var messages = new List<string>();
        var found = 0;
        for (var g = 0; g < given.Count; g++)
        {
            if (match[g] < 0)
            {
                messages.Add($"{Points.Show(given[g])} is not a critical point.");
                continue;
            }

            found++;
            var expected = close[g][match[g]] ? Reference[match[g]].Class : near[g]!.Class;
            if (read[g].Class == expected)
            {
                credit += 1;
            }
            else
            {
                credit += 0.5;
                messages.Add($"{Points.Show(given[g])} is not a {read[g].Class.Name()}.");
            }
        }

        var missing = Reference.Count - found;
        if (missing > 0)
        {
            messages.Insert(0, Wording.Are(missing, "critical point", null, "missing."));
        }

        var size = Math.Max(Reference.Count, given.Count);
        var score = size == 0 ? 1 : credit / size;
        var verdict = score >= 1 ? GradeVerdict.Correct : credit == 0 ? GradeVerdict.Incorrect : GradeVerdict.PartiallyCorrect;
        var summary = score >= 1 ? "Correct." : $"{found} of {Wording.Count(Reference.Count, "critical point")} found.";
        var extra = given.Count - found;
        var diagnosis = score >= 1 ? null
            : missing > 0 && extra == 0 && credit == found ? SlipKind.MissingPoint
            : missing == 0 && extra > 0 && credit == found ? SlipKind.ExtraPoint
            : null;
        return new GradeResult(verdict, Math.Min(1, score), string.Join(" ", [summary, .. messages]), null) { Diagnosis = diagnosis };
    }

    public AnswerPreview Preview(string? answer)
    {
        var (read, invalid) = Read(answer);
        if (read is null)
        {
            return AnswerPreview.Fail(invalid!);
        }

        if (PointGiven)
        {
            return AnswerPreview.Read(@"\text{" + read[0].Class.Name() + "}", read[0].Class.Name());
        }

        return read.Count == 0
            ? AnswerPreview.Read(@"\{\,\}", "{}")
            : AnswerPreview.Read(@"\left\{ " + string.Join(@",\ ", read.Select(r => Points.Latex(r.Point!) + @"\ \text{" + r.Class.Name() + "}")) + @" \right\}",
                "{" + string.Join(", ", read.Select(r => Points.Text(r.Point!) + ": " + r.Class.Name())) + "}");
    }

    private (List<ReadItem>? Items, GradeResult? Invalid) Read(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return (null, Entries.Invalid("The answer is empty.", 1));
        }

        if (answer.Length > AnswerStructure.MaxLength)
        {
            return (null, Entries.Invalid($"The answer is longer than {AnswerStructure.MaxLength} characters.", AnswerStructure.MaxLength + 1));
        }

        if (AnswerStructure.CheckBrackets(answer) is { } bracket)
        {
            return (null, Entries.Invalid(bracket.Message, bracket.Column));
        }

        if (PointGiven)
        {
            return PointClasses.Parse(answer) is { } single
                ? ([new ReadItem(null, single, answer)], null)
                : (null, Entries.Invalid("Expected one of minimum, maximum, saddle or inconclusive.", 1 + answer.Length - answer.TrimStart().Length));
        }

        var start = 0;
        var end = answer.Length;
        var trimmed = answer.Trim();
        if (trimmed.StartsWith('{') && trimmed.EndsWith('}'))
        {
            start = answer.IndexOf('{') + 1;
            end = answer.LastIndexOf('}');
        }

        var items = new List<ReadItem>();
        if (answer[start..end].Trim().Length == 0)
        {
            return (items, null);
        }

        foreach (var (piece, offset) in Split(answer, start, end))
        {
            var (item, invalid) = ReadPiece(piece, offset);
            if (item is null)
            {
                return (null, invalid);
            }

            items.Add(item);
        }

        return (items, null);
    }

    // "POINT: class", "POINT class" or "class POINT"; offset is the piece's 0-based start in the answer.
    private (ReadItem? Item, GradeResult? Invalid) ReadPiece(string piece, int offset)
    {
        var column = offset + 1 + (piece.Length - piece.TrimStart().Length);
        var text = piece.Trim();
        if (text.Length == 0)
        {
            return (null, Entries.Invalid("An entry is missing: two commas in a row, or a comma at the start or end.", column));
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var label = Label().Match(text);
        string pointText;
        int pointStart;
        string classText;
        if (colon >= 0)
        {
            (pointText, pointStart, classText) = (text[..colon], 0, text[(colon + 1)..]);
        }
        else if (label.Success)
        {
            var before = label.Groups["before"];
            var after = label.Groups["after"];
            (pointText, pointStart, classText) = before.Success
                ? (text[(before.Index + before.Length)..], before.Index + before.Length, before.Value)
                : (text[..after.Index], 0, after.Value);
        }
        else
        {
            return (null, Entries.Invalid("Give each point with what it is, like (1, 2): minimum.", column));
        }

        if (PointClasses.Parse(classText) is not { } cls)
        {
            // "minimum: (1, 2)" has the colon the other way round.
            if (colon >= 0 && PointClasses.Parse(text[..colon]) is { } first)
            {
                (pointText, pointStart, cls) = (text[(colon + 1)..], colon + 1, first);
            }
            else
            {
                return (null, Entries.Invalid($"'{classText.Trim()}' is not one of minimum, maximum, saddle or inconclusive.", column));
            }
        }

        // Columns inside the point count from its first character, pointBase in the whole answer.
        var pointBase = column + pointStart;
        var structure = AnswerStructure.Parse(pointText);
        if (structure.Root is not { Items: [var node] })
        {
            return (null, Entries.Invalid(structure.Error?.Message ?? "Expected one point here.", pointBase + (structure.Error?.Column ?? 1) - 1));
        }

        var (point, invalid) = Points.Read(node, Dimension);
        return point is null
            ? (null, invalid! with { ErrorColumn = pointBase + (invalid!.ErrorColumn ?? 1) - 1 })
            : (new ReadItem(point, cls, text), null);
    }

    // The pieces between commas at the outermost level of text[start..end).
    private static IEnumerable<(string Piece, int Offset)> Split(string text, int start, int end)
    {
        var level = 0;
        var pieceStart = start;
        for (var i = start; i <= end; i++)
        {
            var c = i < end ? text[i] : ',';
            if (c is '(' or '[' or '{')
            {
                level++;
            }
            else if (c is ')' or ']' or '}')
            {
                level--;
            }
            else if (c == ',' && level == 0)
            {
                yield return (text[pieceStart..i], pieceStart);
                pieceStart = i + 1;
            }
        }
    }

    [GeneratedRegex(@"^(?<before>[A-Za-z][A-Za-z ]*?)\s*(?=[(\[0-9.+-])|[)\]0-9.]\s*(?<after>[A-Za-z][A-Za-z ]*)$")]
    private static partial Regex Label();
}
