using GraderHub.Grading.Equivalence;

namespace GraderHub.Grading.Expressions;

public sealed record TaylorResult(Expr? Polynomial, string? Error)
{
    public bool Succeeded => Polynomial is not null;
}

// Taylor polynomials: sum over k <= order of D^k f(a) / k!, with D = sum_i h_i d/dx_i the derivative
// along the displacement h = x - a. This covers univariate expansions of any order, the multivariate
// second-order form f(a) + J(a) h + 1/2 h^T H(a) h, and linearisation (order 1).
public static class Taylor
{
    public const int MaxOrder = 12;
    private const int MaxNodes = 200_000;

    public static TaylorResult Expand(Expr f, IReadOnlyDictionary<string, Expr> at, int order)
    {
        if (order < 0 || order > MaxOrder)
        {
            return new TaylorResult(null, $"The order must be between 0 and {MaxOrder}.");
        }
        try
        {
            var variables = at.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            // Fresh symbols for the displacement components; no parsed name can contain '#'.
            var displacement = variables.ToDictionary(v => v, v => Expr.Sym("#h_" + v), StringComparer.Ordinal);
            var terms = new List<Expr>();
            var derivative = f;
            var factorial = Rational.One;
            for (var k = 0; k <= order; k++)
            {
                if (k > 0)
                {
                    factorial *= Rational.FromInt(k);
                    derivative = Expr.Add(variables.Select(v => Expr.Mul(displacement[v], Differentiator.Differentiate(derivative, v))));
                    if (derivative.NodeCount() > MaxNodes)
                    {
                        return new TaylorResult(null, "The expansion grows too large at this order.");
                    }
                }
                var atPoint = derivative.Substitute(at);
                if (!IsDefined(atPoint))
                {
                    return new TaylorResult(null, k == 0
                        ? "The function is not defined at the expansion point."
                        : $"The function is not {k} times differentiable at the expansion point.");
                }
                terms.Add(Expr.Mul(Expr.Num(factorial.Reciprocal()), atPoint));
            }
            var shift = variables.ToDictionary(v => "#h_" + v, v => Expr.Sub(Expr.Sym(v), at[v]), StringComparer.Ordinal);
            var polynomial = Expr.Add(terms).Substitute(shift);
            return new TaylorResult(Expr.Expand(polynomial) ?? polynomial, null);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new TaylorResult(null, "The expansion is too large.");
        }
    }

    public static TaylorResult Linearise(Expr f, IReadOnlyDictionary<string, Expr> at) => Expand(f, at, 1);

    public static TaylorResult Univariate(Expr f, string x, Expr a, int order) =>
        Expand(f, new Dictionary<string, Expr>(StringComparer.Ordinal) { [x] = a }, order);

    // A constant expression (displacements aside) is defined when it evaluates to a real number
    // with the displacement symbols set to generic values.
    private static bool IsDefined(Expr e)
    {
        var names = new List<string>();
        Collect(e, names);
        var program = CompiledExpr.Compile(e, names);
        var rng = new SplitMix64(12345);
        var point = new double[names.Count];
        for (var i = 0; i < point.Length; i++)
        {
            point[i] = rng.NextDouble(0.3, 0.7);
        }
        return program.Evaluate(point).Status != EvalStatus.Undefined;
    }

    internal static void Collect(Expr e, List<string> names)
    {
        switch (e)
        {
            case Symbol s when !names.Contains(s.Name):
                names.Add(s.Name);
                break;
            case Power p:
                Collect(p.Base, names);
                Collect(p.Exponent, names);
                break;
            case Product p:
                foreach (var f in p.Factors)
                {
                    Collect(f, names);
                }
                break;
            case Sum s:
                foreach (var t in s.Terms)
                {
                    Collect(t, names);
                }
                break;
            case Call c:
                Collect(c.Argument, names);
                break;
        }
    }
}
