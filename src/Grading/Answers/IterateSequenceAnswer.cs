using System.Globalization;
using GraderHub.Grading.Feedback;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Answers;

// The iterates x1, ..., xn of Newton-Raphson or gradient descent, each checked against one step
// of the method from the student's own previous value (x0 from the problem for the first), so
// one slip costs one step, not all that follow. A value that matches the reference iterate itself
// is also right. Step returns null where the method is undefined (zero derivative). Method names
// one step in words ("one Newton step"). The feedback names the first step that does not follow
// and why, in words; the expected values go only into the Values form of the feedback
// (FeedbackDetail), which a caller shows when the solution may be shown.
public sealed record IterateSequenceAnswer(
    IReadOnlyList<double> Start,
    int Steps,
    Func<double[], double[]?> Step,
    NumericTolerance Tolerance,
    string Method = "one step of the method") : IAnswer
{

    public const string SyntaxHelp = "The iterates x1, x2, ..., xn separated by commas (x0 first is allowed); points as (x, y).";

    // x_{k+1} = x_k - f(x_k)/f'(x_k).
    public static IterateSequenceAnswer ForNewton(UnivariateFunction f, double x0, int steps, NumericTolerance tolerance) =>
        new([x0], steps, x => NewtonRaphson.Iterate(f.Value, f.Derivative, x[0], 1).Value?.Iterates.ToArray(), tolerance, "one Newton step");

    // x_{k+1} = x_k - J(x_k)^-1 F(x_k).
    public static IterateSequenceAnswer ForNewton(VectorFunction f, IReadOnlyList<double> x0, int steps, NumericTolerance tolerance) =>
        new(x0, steps, x => NewtonRaphson.Iterate(f.Value, f.Jacobian, x, 1).Value?.Last.ToArray(), tolerance, "one Newton step (with the Jacobian)");

    // p_{k+1} = p_k - eta grad f(p_k).
    public static IterateSequenceAnswer ForGradientDescent(ScalarFunction f, IReadOnlyList<double> start, DescentStep rule, int steps, NumericTolerance tolerance) =>
        new(start, steps, p => GradientDescent.Iterate(f.Value, f.Gradient, p, rule, 1).Value?.Last.ToArray(), tolerance,
            rule switch
            {
                FixedStep => "one gradient-descent step",
                BacktrackingStep => "one gradient-descent step with the backtracking line search",
                _ => "one gradient-descent step",
            });

    public GradeResult Grade(string? answer, CancellationToken ct = default)
    {
        var (read, invalid) = Read(answer);
        if (read is null)
        {
            return invalid!;
        }

        var given = read.Select(p => p.Values).ToList();
        var reference = ReferenceIterates();
        var previous = Start.ToArray();
        var wrong = new List<(int Step, double[] From, double[]? Expected)>();
        var followsOwn = new bool[Steps];
        for (var k = 0; k < Steps; k++)
        {
            var expected = Step(previous);
            followsOwn[k] = expected is not null && Points.Close(given[k], expected, Tolerance);
            var ok = followsOwn[k] || (reference is not null && Points.Close(given[k], reference[k], Tolerance));
            if (!ok)
            {
                wrong.Add((k + 1, previous, expected));
            }

            previous = given[k];
        }

        var correct = Steps - wrong.Count;
        var summary = correct == Steps ? "Correct." : Wording.OfCorrect(correct, Steps, "step");
        // The method is right and one arithmetic slip was carried on: every later step follows from
        // the student's own slipped value.
        var oneSlip = wrong is [var slip] && slip.Expected is not null && slip.Step < Steps && followsOwn.Skip(slip.Step).All(f => f);
        var result = Entries.Combine(correct, Steps, false, Messages(wrong, given, oneSlip, FeedbackDetail.Words), summary);
        return result with
        {
            Diagnosis = oneSlip ? SlipKind.OneSlip : null,
            FeedbackWithValues = Entries.Combine(correct, Steps, false, Messages(wrong, given, oneSlip, FeedbackDetail.Values), summary).Feedback,
        };
    }

    // The first wrong step in full (what it should have been in words; the value only with Values),
    // the others by number; and, for a single slip that the later steps build on, that the method is right.
    private List<string> Messages(List<(int Step, double[] From, double[]? Expected)> wrong, List<double[]> given, bool oneSlip, FeedbackDetail detail)
    {
        if (wrong.Count == 0)
        {
            return [];
        }

        var (step, from, expected) = wrong[0];
        var source = step == 1 ? $"the start x0 = {Points.Show(from)}" : $"your step {step - 1}, x{step - 1} = {Points.Show(from)}";
        var first = expected is null
            ? $"Step {step} cannot follow from {source}: the method is undefined there."
            : detail switch
            {
                FeedbackDetail.Words => $"Step {step} does not follow from {source}: {Method} from there does not give {Points.Show(given[step - 1])}.",
                FeedbackDetail.Values => $"Step {step} does not follow from {source}: {Method} from there gives {Points.Show(expected)}, not {Points.Show(given[step - 1])}.",
            };
        var messages = new List<string> { first };
        if (wrong.Count > 1)
        {
            var rest = wrong.Skip(1).Select(w => w.Step.ToString(CultureInfo.InvariantCulture)).ToList();
            messages.Add(rest.Count == 1
                ? $"Step {rest[0]} does not follow from the step before it either."
                : $"Steps {Wording.List(rest)} do not follow from the steps before them either.");
        }
        else if (oneSlip)
        {
            messages.Add($"The method is right: one arithmetic slip in step {step}, and the later steps follow from it.");
        }

        return messages;
    }

    // The iterates as a list x1 = ..., x2 = ..., as read.
    public AnswerPreview Preview(string? answer)
    {
        var (read, invalid) = Read(answer);
        if (read is null)
        {
            return AnswerPreview.Fail(invalid!);
        }

        var name = Start.Count == 1 ? "x" : @"\mathbf x";
        return AnswerPreview.Read(string.Join(@",\quad ", read.Select((p, k) => $"{name}_{{{k + 1}}} = {Points.Latex(p)}")),
            string.Join(", ", read.Select(Points.Text)));
    }

    // x1..xn in the start's dimension (x0 first is dropped), or the first error.
    private (List<ReadPoint>? Iterates, GradeResult? Invalid) Read(string? answer)
    {
        var (root, invalidStructure) = Entries.Structure(answer);
        if (root is null)
        {
            return (null, invalidStructure);
        }

        var dimension = Start.Count;
        var items = root.Items is [ListNode { Open: '[' } list] && (dimension > 1 || list.Items.All(i => i is EntryNode)) ? list.Items : root.Items;
        var (given, invalid) = Points.ReadAll(items, dimension);
        if (given is null)
        {
            return (null, invalid);
        }

        // x0 may be written first; it is the problem's, so it earns nothing.
        if (given.Count == Steps + 1 && Points.Close(given[0].Values, Start, Tolerance))
        {
            given.RemoveAt(0);
        }

        return given.Count == Steps
            ? (given, null)
            : (null, Entries.Invalid((Steps == 1 ? "Expected 1 iterate, x1" : $"Expected {Wording.Count(Steps, "iterate")} x1 to x{Steps}") + $", got {given.Count}.", root.Items[0].Column));
    }

    private double[][]? ReferenceIterates()
    {
        var result = new double[Steps][];
        var x = Start.ToArray();
        for (var k = 0; k < Steps; k++)
        {
            if (Step(x) is not { } next)
            {
                return null;
            }

            result[k] = x = next;
        }

        return result;
    }
}
