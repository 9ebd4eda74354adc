using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Answers;

// The iterates x1, ..., xn of Newton-Raphson or gradient descent, each checked against one step
// of the method from the student's own previous value (x0 from the problem for the first), so
// one slip costs one step, not all that follow. A value that matches the reference iterate itself
// is also right. Step returns null where the method is undefined (zero derivative).
public sealed record IterateSequenceAnswer(
    IReadOnlyList<double> Start,
    int Steps,
    Func<double[], double[]?> Step,
    NumericTolerance Tolerance) : IAnswer
{
    public const string SyntaxHelp = "The iterates x1, x2, ..., xn separated by commas (x0 first is allowed); points as (x, y).";

    // x_{k+1} = x_k - f(x_k)/f'(x_k).
    public static IterateSequenceAnswer ForNewton(UnivariateFunction f, double x0, int steps, NumericTolerance tolerance) =>
        new([x0], steps, x => NewtonRaphson.Iterate(f.Value, f.Derivative, x[0], 1).Value?.Iterates.ToArray(), tolerance);

    // x_{k+1} = x_k - J(x_k)^-1 F(x_k).
    public static IterateSequenceAnswer ForNewton(VectorFunction f, IReadOnlyList<double> x0, int steps, NumericTolerance tolerance) =>
        new(x0, steps, x => NewtonRaphson.Iterate(f.Value, f.Jacobian, x, 1).Value?.Last.ToArray(), tolerance);

    // p_{k+1} = p_k - eta grad f(p_k).
    public static IterateSequenceAnswer ForGradientDescent(ScalarFunction f, IReadOnlyList<double> start, DescentStep rule, int steps, NumericTolerance tolerance) =>
        new(start, steps, p => GradientDescent.Iterate(f.Value, f.Gradient, p, rule, 1).Value?.Last.ToArray(), tolerance);

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
        var correct = 0;
        var messages = new List<string>();
        for (var k = 0; k < Steps; k++)
        {
            var expected = Step(previous);
            var ok = (expected is not null && Points.Close(given[k], expected, Tolerance))
                || (reference is not null && Points.Close(given[k], reference[k], Tolerance));
            if (ok)
            {
                correct++;
            }
            else
            {
                messages.Add(expected is null
                    ? $"x{k + 1}: the method is undefined at your x{k} = {Points.Show(previous)}."
                    : $"x{k + 1}: from x{k} = {Points.Show(previous)} one step gives {Points.Show(expected)}, not {Points.Show(given[k])}.");
            }

            previous = given[k];
        }

        return Entries.Combine(correct, Steps, false, messages, correct == Steps ? "Correct." : $"{correct} of {Steps} steps are correct.");
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
            : (null, Entries.Invalid($"Expected {Steps} iterates x1 to x{Steps}, got {given.Count}.", root.Items[0].Column));
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
