using System.Text;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

// The vector of partial derivatives in the order of the variables: expressions, one credit each;
// with 'at', numbers.
internal sealed class Gradient : ProblemKind
{
    public override string Name => "gradient";

    public override IReadOnlyList<string> Keys => ["at"];

    public override KindSpec? Read(KindReader reader)
    {
        var at = reader.Point(required: false, "");
        return reader.Ok ? new GradientSpec(at) : null;
    }
}

internal sealed record GradientSpec(IReadOnlyDictionary<string, string>? At) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        var gradient = Differentiator.Gradient(variant.Function, variant.Variables);
        return DerivativeArrays.Vector(variant, gradient, At, "gradient", "∇f =");
    }

    public override string? WorkedSolution(VariantBuilder variant)
    {
        var md = new StringBuilder("The gradient collects the partial derivatives in the order of the variables.\n\n");
        foreach (var v in variant.Variables)
        {
            WorkedSolutions.Derivative(md, variant.Function, v, partial: true);
        }
        var gradient = Differentiator.Gradient(variant.Function, variant.Variables);
        md.Append("So $\\nabla f = ").Append(WorkedSolutions.Matrix(gradient.Select(g => new[] { ExprPrinter.ToLatex(g) }))).Append("$.\n\n");
        if (At is not null)
        {
            var point = variant.Point(At);
            WorkedSolutions.Value(md, "$\\nabla f$", point, variant.Variables,
                WorkedSolutions.Matrix(gradient.Select(g => new[] { WorkedSolutions.Number(variant.Evaluate(g, point)) })));
        }
        return md.ToString();
    }
}

// Gradients, Jacobians and Hessians: arrays of the engine's derivatives, as expressions (entries
// graded by equivalence) or, at a point, as numbers.
internal static class DerivativeArrays
{
    public static SolverResult<KindAnswer> Vector(VariantBuilder variant, IReadOnlyList<Expr> entries, IReadOnlyDictionary<string, string>? at, string what, string prefix)
    {
        if (at is null)
        {
            var references = entries.Select(g => (EntryReference)ExpressionEntry.Of(g, variant.Variables, variant.Spec.EquivalenceOptions)).ToList();
            return VariantBuilder.Ok(new PreparedAnswer(AnswerKind.Vector, "(" + string.Join(", ", entries.Select(ExprPrinter.ToText)) + ")",
                ArrayAnswer.Vector(references), variant.Variables), prefix);
        }
        if (PointOrNull(variant, at) is not { } point)
        {
            return VariantBuilder.Fail("the point is not a real number");
        }
        var numbers = entries.Select(g => variant.Evaluate(g, point)).ToList();
        return numbers.All(double.IsFinite)
            ? VariantBuilder.Ok(SolverAnswers.Vector(numbers, variant.Exact), prefix)
            : VariantBuilder.Fail($"the {what} is not defined at the point");
    }

    public static SolverResult<KindAnswer> Matrix(VariantBuilder variant, IReadOnlyList<IReadOnlyList<Expr>> rows, IReadOnlyDictionary<string, string>? at, string what, string prefix)
    {
        if (at is null)
        {
            var references = rows.Select(r => (IReadOnlyList<EntryReference>)[.. r.Select(e => (EntryReference)ExpressionEntry.Of(e, variant.Variables, variant.Spec.EquivalenceOptions))]).ToList();
            return VariantBuilder.Ok(new PreparedAnswer(AnswerKind.Matrix,
                "[" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r.Select(ExprPrinter.ToText)) + "]")) + "]",
                ArrayAnswer.Matrix(references), variant.Variables), prefix);
        }
        if (PointOrNull(variant, at) is not { } point)
        {
            return VariantBuilder.Fail("the point is not a real number");
        }
        var numbers = rows.Select(r => r.Select(e => variant.Evaluate(e, point)).ToArray()).ToList();
        if (!numbers.SelectMany(r => r).All(double.IsFinite))
        {
            return VariantBuilder.Fail($"the {what} is not defined at the point");
        }
        return VariantBuilder.Ok(SolverAnswers.Matrix([.. numbers.Select(r => (IReadOnlyList<double>)r)], variant.Exact), prefix);
    }

    // The point with its {{at}} placeholder, or null when it is not real.
    public static double[]? PointOrNull(VariantBuilder variant, IReadOnlyDictionary<string, string> at)
    {
        var point = variant.Point(at);
        if (!point.All(double.IsFinite))
        {
            return null;
        }
        variant.PlacePoint("at", variant.Variables.Select(v => at[v]));
        return point;
    }
}
