using GraderHub.Grading.Answers;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

internal enum LagrangeAsk { Points, Max, Min, ArgMax, ArgMin, Multipliers, Classify }

// Extrema of f subject to 'constraints' (lhs = rhs, or an expression = 0), on 'domain' when given
// (the solver neither visits nor reports a point outside it): every critical point as a set, the
// constrained maximum or minimum value or the points attaining it, the points with their
// multipliers, or the points classified by the bordered-Hessian test. constraint_feasible rejects a
// variant with no critical point.
internal sealed class Lagrange : ProblemKind
{
    public const string ConstraintFeasible = "constraint_feasible";

    public override string Name => "lagrange";

    public override IReadOnlyList<string> Keys => ["constraints", "ask"];

    public override IReadOnlyList<string> NamedConditions => [ConstraintFeasible];

    public override KindSpec? Read(KindReader reader)
    {
        var ask = reader.Ask(Name, ("points", LagrangeAsk.Points), ("max", LagrangeAsk.Max), ("min", LagrangeAsk.Min),
            ("argmax", LagrangeAsk.ArgMax), ("argmin", LagrangeAsk.ArgMin), ("multipliers", LagrangeAsk.Multipliers), ("classify", LagrangeAsk.Classify));
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
        var problem = SolverAnswers.LagrangeProblemOf(variant.Function, equations, vars, variant.Spec.InDomain);
        if (!problem.Succeeded)
        {
            return Solver.Fail<KindAnswer>(problem.Failure);
        }
        var p = problem.Value;
        var tolerance = variant.Numeric;
        var lambdas = equations.Count == 1 ? "λ" : string.Join(", ", Enumerable.Range(1, equations.Count).Select(i => "λ" + Newton.Subscript(i)));
        var (result, prefix) = Ask switch
        {
            LagrangeAsk.Max => (SolverAnswers.LagrangeExtremum(p, true, tolerance), "max f ="),
            LagrangeAsk.Min => (SolverAnswers.LagrangeExtremum(p, false, tolerance), "min f ="),
            LagrangeAsk.ArgMax => (SolverAnswers.LagrangeArgExtremum(p, true, tolerance), "maximisers ="),
            LagrangeAsk.ArgMin => (SolverAnswers.LagrangeArgExtremum(p, false, tolerance), "minimisers ="),
            LagrangeAsk.Points => (SolverAnswers.LagrangeCriticalPoints(p, tolerance), "critical points ="),
            LagrangeAsk.Multipliers => (SolverAnswers.LagrangeWithMultipliers(p, tolerance), $"{{({string.Join(", ", vars)}, {lambdas})}} ="),
            LagrangeAsk.Classify => (SolverAnswers.LagrangeClassified(p, tolerance), "critical points ="),
        };
        if (result.Succeeded && variant.Has(Lagrange.ConstraintFeasible) && result.Value.Reference == "{}")
        {
            return VariantBuilder.Fail("the constraint has no critical point");
        }
        return VariantBuilder.From(result, prefix);
    }
}
