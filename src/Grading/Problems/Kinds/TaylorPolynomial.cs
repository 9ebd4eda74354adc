using System.Globalization;
using System.Text;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

// The Taylor polynomial of the function about 'at' to 'order', graded as an expression with the
// Taylor diagnoses (wrong order, expanded about the origin, the function itself).
internal sealed class TaylorPolynomial : ProblemKind
{
    public override string Name => "taylor";

    public override IReadOnlyList<string> Keys => ["at", "order"];

    public override KindSpec? Read(KindReader reader)
    {
        var order = reader.Int("order", true) ?? 0;
        if (order is < 0 or > Taylor.MaxOrder)
        {
            reader.Error(reader.Get("order"), $"'order' must be between 0 and {Taylor.MaxOrder}.");
        }
        var at = reader.Point(required: true, "A taylor problem needs 'at', the expansion point, like { x: 0 }.");
        return reader.Ok && at is not null ? new TaylorSpec(at, order, $"T_{order.ToString(CultureInfo.InvariantCulture)}") : null;
    }
}

internal sealed record TaylorSpec(IReadOnlyDictionary<string, string> At, int Order, string Name) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        variant.Placeholders["order"] = Order.ToString(CultureInfo.InvariantCulture);
        variant.PlacePoint("at", variant.Variables.Select(v => At[v]));
        var function = variant.Function;
        var expansion = Taylor.Expand(function, Point(variant, atOrigin: false), Order);
        if (expansion.Polynomial is not { } reference)
        {
            return VariantBuilder.Fail("the Taylor polynomial cannot be computed: " + expansion.Error);
        }
        // The same expansion at another order or about the origin, for diagnosing a wrong answer.
        Expr? Alternative(int order, bool atOrigin) =>
            order < 0 || order > Taylor.MaxOrder ? null : Taylor.Expand(function, Point(variant, atOrigin), order).Polynomial;
        // A Taylor polynomial is real everywhere and is compared everywhere.
        var answer = ExpressionKinds.Answer(variant, reference, [],
            (prepared, given, ct) => Diagnoser.DiagnoseTaylor(prepared, given, function, Order, Alternative, ct), "polynomial");
        return VariantBuilder.Ok(answer, $"{Name}({ExpressionKinds.Arguments(variant.Variables)}) =");
    }

    // Univariate: each derivative (the first with its rules), its value at the point and its term
    // f^(k)(a)/k! (x - a)^k. Several variables: the value, gradient and Hessian at the point.
    public override string? WorkedSolution(VariantBuilder variant)
    {
        var f = variant.Function;
        var at = Point(variant, atOrigin: false);
        var md = new StringBuilder();
        if (variant.Variables.Count == 1)
        {
            var x = variant.Variables[0];
            var a = ExprPrinter.ToLatex(at[x]);
            md.Append(CultureInfo.InvariantCulture, $"${Name}({ExprPrinter.LatexName(x)}) = \\sum_{{k=0}}^{{{Order}}} \\frac{{f^{{(k)}}({a})}}{{k!}}({ExprPrinter.LatexName(x)} - {a})^k$.\n\n");
            if (Order >= 1)
            {
                WorkedSolutions.Derivative(md, f, x, partial: false);
            }
            var derivative = f;
            for (var k = 0; k <= Order; k++)
            {
                if (k > 0)
                {
                    derivative = Differentiator.Differentiate(derivative, x);
                }
                var value = derivative.Substitute(at);
                md.Append(CultureInfo.InvariantCulture, $"- $f^{{({k})}}(x) = {ExprPrinter.ToLatex(derivative)}$, so $f^{{({k})}}({a}) = {ExprPrinter.ToLatex(value)}$\n");
            }
        }
        else
        {
            md.Append("The expansion uses the value, the gradient and (from order 2) the Hessian at the point.\n\n");
            md.Append(CultureInfo.InvariantCulture, $"$f(a) = {ExprPrinter.ToLatex(f.Substitute(at))}$.\n\n");
            if (Order >= 1)
            {
                foreach (var v in variant.Variables)
                {
                    WorkedSolutions.Derivative(md, f, v, partial: true);
                }
                var gradient = Differentiator.Gradient(f, variant.Variables);
                md.Append("- $\\nabla f = ").Append(WorkedSolutions.Matrix(gradient.Select(g => new[] { ExprPrinter.ToLatex(g) })))
                    .Append("$, at the point ").Append("$").Append(WorkedSolutions.Matrix(gradient.Select(g => new[] { ExprPrinter.ToLatex(g.Substitute(at)) }))).Append("$\n");
            }
            if (Order >= 2)
            {
                var hessian = Differentiator.Hessian(f, variant.Variables);
                md.Append("- $H(a) = ").Append(WorkedSolutions.Matrix(hessian.Select(r => r.Select(e => ExprPrinter.ToLatex(e.Substitute(at)))))).Append("$\n");
            }
        }
        md.Append("\nCollecting the terms: ");
        md.Append(Taylor.Expand(f, at, Order).Polynomial is { } p ? $"${Name} = {ExprPrinter.ToLatex(p)}$.\n" : "the expansion cannot be written out.\n");
        return md.ToString();
    }

    private Dictionary<string, Expr> Point(VariantBuilder variant, bool atOrigin) =>
        At.ToDictionary(kv => kv.Key, kv => atOrigin ? Expr.Zero : variant.Parse(kv.Value, []), StringComparer.Ordinal);
}
