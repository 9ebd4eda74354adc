using GraderHub.Grading.Answers;
using System.Globalization;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

internal enum DescentAsk { Point, Iterates, Minimiser }

// Gradient descent on f from 'start' with 'step_size': the point after n steps, the iterates, or
// the minimiser it converges to.
internal sealed class GradientDescentKind : ProblemKind
{
    public override string Name => "gradient_descent";

    public override IReadOnlyList<string> Keys => ["start", "steps", "step_size", "ask"];

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
        var stepSize = reader.String("step_size", true);
        if (stepSize is not null)
        {
            reader.Constant(reader.Get("step_size"), stepSize, "'step_size'");
        }
        return reader.Ok && stepSize is not null ? new DescentSpec(start, steps, stepSize, ask) : null;
    }
}

internal sealed record DescentSpec(IReadOnlyList<string> Start, int Steps, string StepSize, DescentAsk Ask) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        variant.PlacePoint("start", Start);
        variant.Placeholders["x0"] = variant.Placeholders["start"];
        variant.Placeholders["steps"] = Steps.ToString(CultureInfo.InvariantCulture);
        variant.Placeholders["step_size"] = ExprPrinter.ToLatex(variant.Parse(StepSize, []));
        var f = variant.Function;
        var start = Start.Select(variant.Number).ToList();
        var rate = variant.Number(StepSize);
        var vars = variant.Variables;
        var (answer, prefix) = Ask switch
        {
            DescentAsk.Iterates => (SolverAnswers.GradientDescentIterates(f, vars, start, rate, Steps, variant.Numeric), Newton.Prefix(NewtonAsk.Iterates, Steps, vector: true)),
            DescentAsk.Minimiser => (SolverAnswers.GradientDescentMinimiser(f, vars, start, rate, variant.Numeric), "𝐱* ="),
            DescentAsk.Point => (SolverAnswers.GradientDescentPoint(f, vars, start, rate, Steps, variant.Numeric), $"𝐱{Newton.Subscript(Steps)} ="),
        };
        return VariantBuilder.From(answer, prefix);
    }
}
