using GraderHub.Grading.Answers;
using System.Globalization;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

internal enum DescentAsk { Point, Iterates, Minimiser }

// Gradient descent on f from 'start' with a fixed 'step_size' or a backtracking 'line_search':
// the point after n steps, the iterates, or the minimiser it converges to. descent_converges rejects
// a variant whose step size makes the iteration diverge (the reason names the bound 2/λmax).
internal sealed class GradientDescentKind : ProblemKind
{
    public const string DescentConverges = "descent_converges";

    public override string Name => "gradient_descent";

    public override IReadOnlyList<string> Keys => ["start", "steps", "step_size", "line_search", "ask"];

    public override IReadOnlyList<string> NamedConditions => [DescentConverges];

    public override KindSpec? Read(KindReader reader)
    {
        var ask = reader.Ask(Name, ("point", DescentAsk.Point), ("iterates", DescentAsk.Iterates), ("minimiser", DescentAsk.Minimiser));
        var start = reader.ConstantList("start", true);
        if (start.Count != reader.Variables.Count)
        {
            reader.Error(reader.Get("start") ?? reader.Map, $"'start' needs one value per variable ({reader.Variables.Count}).");
        }
        // A student types every iterate, so a sequence stays short; the point after n steps may take many.
        var steps = reader.Steps(required: ask != DescentAsk.Minimiser, max: ask == DescentAsk.Iterates ? 50 : 10_000);
        var lineSearch = LineSearch(reader);
        var stepSize = reader.String("step_size", lineSearch is null);
        if (stepSize is not null && lineSearch is not null)
        {
            reader.Error(reader.Get("step_size"), "Give either 'step_size' (a fixed rate) or 'line_search', not both.");
        }
        if (stepSize is not null)
        {
            reader.Constant(reader.Get("step_size"), stepSize, "'step_size'");
        }
        return reader.Ok && (stepSize is not null || lineSearch is not null) ? new DescentSpec(start, steps, stepSize, lineSearch, ask) : null;
    }

    // 'line_search: { initial: 1, shrink: 0.5, armijo: 1e-4 }' (backtracking; defaults as shown).
    private static IReadOnlyList<string>? LineSearch(KindReader reader)
    {
        if (reader.Get("line_search") is not { } node)
        {
            return null;
        }
        if (node is not YamlDotNet.RepresentationModel.YamlMappingNode map)
        {
            reader.Error(node, "'line_search' is { initial: 1, shrink: 0.5, armijo: 1e-4 } (backtracking with the Armijo condition).");
            return null;
        }
        var values = new List<string>();
        foreach (var (key, fallback) in new[] { ("initial", "1"), ("shrink", "0.5"), ("armijo", "0.0001") })
        {
            var text = reader.Spec.String(map, key, false) ?? fallback;
            reader.Constant(SpecReader.Get(map, key) ?? map, text, $"'line_search.{key}'");
            values.Add(text);
        }
        foreach (var (k, _) in map.Children)
        {
            if (k is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } name } && name is not ("initial" or "shrink" or "armijo"))
            {
                reader.Error(k, $"Unknown key '{name}' in 'line_search' (initial, shrink, armijo).");
            }
        }
        return values;
    }
}

internal sealed record DescentSpec(IReadOnlyList<string> Start, int Steps, string? StepSize, IReadOnlyList<string>? LineSearch, DescentAsk Ask) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        variant.PlacePoint("start", Start);
        variant.Placeholders["x0"] = variant.Placeholders["start"];
        variant.Placeholders["steps"] = Steps.ToString(CultureInfo.InvariantCulture);
        DescentStep rate;
        if (LineSearch is [var initial, var shrink, var armijo])
        {
            rate = new BacktrackingStep(variant.Number(initial), variant.Number(shrink), variant.Number(armijo));
            variant.Placeholders["initial"] = ExprPrinter.ToLatex(variant.Parse(initial, []));
            variant.Placeholders["shrink"] = ExprPrinter.ToLatex(variant.Parse(shrink, []));
            variant.Placeholders["armijo"] = ExprPrinter.ToLatex(variant.Parse(armijo, []));
        }
        else
        {
            rate = new FixedStep(variant.Number(StepSize!));
            variant.Placeholders["step_size"] = ExprPrinter.ToLatex(variant.Parse(StepSize!, []));
        }
        var f = variant.Function;
        var start = Start.Select(variant.Number).ToList();
        var vars = variant.Variables;
        if (variant.Has(GradientDescentKind.DescentConverges) && Ask != DescentAsk.Minimiser)
        {
            var scalar = ExpressionFunctions.Scalar(f, vars);
            if (!scalar.Succeeded)
            {
                return Solver.Fail<KindAnswer>(scalar.Failure);
            }
            var minimum = GradientDescent.Minimise(scalar.Value.Value, scalar.Value.Gradient, start, rate);
            if (!minimum.Succeeded)
            {
                return Solver.Fail<KindAnswer>(minimum.Failure);
            }
        }
        var (answer, prefix) = Ask switch
        {
            DescentAsk.Iterates => (SolverAnswers.GradientDescentIterates(f, vars, start, rate, Steps, variant.Numeric), Newton.Prefix(NewtonAsk.Iterates, Steps, vector: true)),
            DescentAsk.Minimiser => (SolverAnswers.GradientDescentMinimiser(f, vars, start, rate, variant.Numeric), "𝐱* ="),
            DescentAsk.Point => (SolverAnswers.GradientDescentPoint(f, vars, start, rate, Steps, variant.Numeric), $"𝐱{Newton.Subscript(Steps)} ="),
        };
        return VariantBuilder.From(answer, prefix);
    }
}
