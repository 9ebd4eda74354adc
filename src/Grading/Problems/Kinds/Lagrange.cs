using GraderHub.Grading.Answers;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

internal enum LagrangeAsk { Points, Max, Min }

// Extrema of f subject to 'constraints' (lhs = rhs, or an expression = 0): every critical point as
// a set, or the constrained maximum or minimum value. constraint_feasible rejects a variant with
// no critical point.
internal sealed class Lagrange : ProblemKind
{
    public const string ConstraintFeasible = "constraint_feasible";

    public override string Name => "lagrange";

    public override IReadOnlyList<string> Keys => ["constraints", "ask"];

    public override IReadOnlyList<string> NamedConditions => [ConstraintFeasible];

    public override KindSpec? Read(KindReader reader)
    {
        var ask = reader.Ask(Name, ("points", LagrangeAsk.Points), ("max", LagrangeAsk.Max), ("min", LagrangeAsk.Min));
        var constraints = reader.StringList("constraints", true);
        if (constraints.Count == 0)
        {
            reader.Error(reader.Get("constraints") ?? reader.Map, "'constraints' lists at least one equation, like [\"x^2 + y^2 = 1\"].");
        }
        foreach (var c in constraints.Where(c => c.Count(ch => ch == '=') > 1))
        {
            reader.Error(reader.Get("constraints"), $"'{c}' has more than one '='.");
        }
        reader.Expressions("constraints", constraints.SelectMany(c => c.Split('=')), reader.All);
        return reader.Ok ? new LagrangeSpec(constraints, ask) : null;
    }
}

internal sealed record LagrangeSpec(IReadOnlyList<string> Constraints, LagrangeAsk Ask) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        var vars = variant.Variables;
        var equations = Constraints.Select(c => c.Split('=')).Select(sides =>
            new Equation(variant.Parse(sides[0], vars), sides.Length == 2 ? variant.Parse(sides[1], vars) : Expr.Zero)).ToList();
        variant.Placeholders["constraint"] = string.Join(@",\quad ", Constraints.Select(c =>
            string.Join(" = ", c.Split('=').Select(side => ExprPrinter.ToLatex(variant.Parse(side, vars)))) + (c.Contains('=') ? "" : " = 0")));
        variant.Placeholders["g"] = variant.Placeholders["constraint"];
        var f = variant.Function;
        var (result, prefix) = Ask switch
        {
            LagrangeAsk.Max => (SolverAnswers.LagrangeExtremum(f, equations, vars, true, variant.Numeric), "max f ="),
            LagrangeAsk.Min => (SolverAnswers.LagrangeExtremum(f, equations, vars, false, variant.Numeric), "min f ="),
            LagrangeAsk.Points => (SolverAnswers.LagrangeCriticalPoints(f, equations, vars, variant.Numeric), "critical points ="),
        };
        if (result.Succeeded && Ask == LagrangeAsk.Points && variant.Has(Lagrange.ConstraintFeasible) && result.Value.Reference == "{}")
        {
            return VariantBuilder.Fail("the constraint has no critical point");
        }
        return VariantBuilder.From(result, prefix);
    }
}
