using GraderHub.Grading.Answers;
using System.Globalization;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

// Newton-Raphson for a system F(x) = 0 of two or three equations ('components', one per variable)
// from 'start': the iterates x1..xn as points, each checked from the student's own previous point,
// x_{k+1} = x_k - J(x_k)^-1 F(x_k); or the root. root_near_start rejects a variant whose iteration
// runs far from the start.
internal sealed class NewtonSystem : ProblemKind
{
    public override string Name => "newton_system";

    public override IReadOnlyList<string> Keys => ["components", "start", "steps", "ask"];

    public override FunctionRole Function => FunctionRole.None;

    public override IReadOnlyList<string> NamedConditions => [Newton.RootNearStart];

    public override KindSpec? Read(KindReader reader)
    {
        var ask = reader.Ask(Name, ("iterates", NewtonAsk.Iterates), ("root", NewtonAsk.Root));
        if (reader.Variables.Count is < 2 or > 3)
        {
            reader.Error(reader.Get("variables"), "A newton_system problem has two or three variables.");
        }
        var components = reader.StringList("components", true);
        if (components.Count != reader.Variables.Count)
        {
            reader.Error(reader.Get("components") ?? reader.Map, $"'components' needs one equation per variable ({reader.Variables.Count}).");
        }
        reader.Expressions("components", components, reader.All);
        var start = reader.ConstantList("start", true);
        if (start.Count != reader.Variables.Count)
        {
            reader.Error(reader.Get("start") ?? reader.Map, $"'start' needs one value per variable ({reader.Variables.Count}).");
        }
        var steps = reader.Steps(required: ask == NewtonAsk.Iterates, max: 20);
        return reader.Ok ? new NewtonSystemSpec(components, start, steps, ask) : null;
    }
}

internal sealed record NewtonSystemSpec(IReadOnlyList<string> Components, IReadOnlyList<string> Start, int Steps, NewtonAsk Ask) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        var components = Components.Select(c => variant.Parse(c, variant.Variables)).ToList();
        variant.Placeholders["components"] = @"\begin{pmatrix} " + string.Join(@" \\ ", components.Select(ExprPrinter.ToLatex)) + @" \end{pmatrix}";
        variant.Placeholders["F"] = variant.Placeholders["components"];
        variant.Placeholders["system"] = string.Join(@",\quad ", components.Select(c => ExprPrinter.ToLatex(c) + " = 0"));
        variant.PlacePoint("start", Start);
        variant.Placeholders["x0"] = variant.Placeholders["start"];
        variant.Placeholders["steps"] = Steps.ToString(CultureInfo.InvariantCulture);
        var x0 = Start.Select(variant.Number).ToList();
        if (!x0.All(double.IsFinite))
        {
            return VariantBuilder.Fail("the start is not a real point");
        }
        if (variant.Has(Newton.RootNearStart) || Ask == NewtonAsk.Root)
        {
            var f = ExpressionFunctions.Vector(components, variant.Variables);
            if (!f.Succeeded)
            {
                return Solver.Fail<KindAnswer>(f.Failure);
            }
            var root = NewtonRaphson.FindRoot(f.Value.Value, f.Value.Jacobian, x0);
            if (!root.Succeeded)
            {
                return Solver.Fail<KindAnswer>(root.Failure);
            }
            var scale = 2 * Math.Max(1, x0.Max(Math.Abs));
            if (root.Value.Root.Zip(x0, (r, s) => Math.Abs(r - s)).Max() > scale)
            {
                return VariantBuilder.Fail("the root Newton's method reaches is far from the start");
            }
            if (Ask == NewtonAsk.Root)
            {
                return VariantBuilder.Ok(SolverAnswers.Vector(root.Value.Root, variant.Numeric), Newton.Prefix(Ask, Steps, vector: true));
            }
        }
        return VariantBuilder.From(SolverAnswers.NewtonSystemIterates(components, variant.Variables, x0, Steps, variant.Numeric),
            Newton.Prefix(Ask, Steps, vector: true));
    }
}
