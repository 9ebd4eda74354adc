using System.Globalization;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

internal enum ValueOf { Function, DirectionalDerivative, Taylor }

// One number the engine computes from the function at the point 'at': its value, its directional
// derivative along 'direction' (normalised to a unit vector, as the course defines it), or the value
// of its Taylor polynomial of 'order' about 'about'. Graded against the unrounded value with the
// spec's tolerance (exact-kind defaults).
internal sealed class ValueKind : ProblemKind
{
    public override string Name => "value";

    public override IReadOnlyList<string> Keys => ["of", "at", "direction", "about", "order"];

    public override KindSpec? Read(KindReader reader)
    {
        var of = reader.Choice("of", Name, ("function", ValueOf.Function), ("directional_derivative", ValueOf.DirectionalDerivative), ("taylor", ValueOf.Taylor));
        var at = reader.Point(required: true, "A value problem needs 'at', the point, like { x: 1, y: 2 }.");
        IReadOnlyList<string> direction = [];
        if (of == ValueOf.DirectionalDerivative)
        {
            direction = reader.ConstantList("direction", true);
            if (direction.Count != reader.Variables.Count)
            {
                reader.Error(reader.Get("direction") ?? reader.Map, $"'direction' needs one value per variable ({reader.Variables.Count}).");
            }
        }
        else if (reader.Get("direction") is { } d)
        {
            reader.Error(d, "'direction' applies to 'of: directional_derivative' only.");
        }
        IReadOnlyList<string> about = [];
        var order = 0;
        if (of == ValueOf.Taylor)
        {
            about = reader.ConstantList("about", true);
            if (about.Count != reader.Variables.Count)
            {
                reader.Error(reader.Get("about") ?? reader.Map, $"'about' needs one value per variable ({reader.Variables.Count}).");
            }
            order = reader.Int("order", true) ?? 0;
            if (order is < 0 or > Taylor.MaxOrder)
            {
                reader.Error(reader.Get("order"), $"'order' must be between 0 and {Taylor.MaxOrder}.");
            }
        }
        else
        {
            foreach (var key in new[] { "about", "order" })
            {
                if (reader.Get(key) is { } node)
                {
                    reader.Error(node, $"'{key}' applies to 'of: taylor' only.");
                }
            }
        }
        return reader.Ok && at is not null ? new ValueSpec(of, at, direction, about, order) : null;
    }
}

internal sealed record ValueSpec(ValueOf Of, IReadOnlyDictionary<string, string> At, IReadOnlyList<string> Direction, IReadOnlyList<string> About, int Order) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        var vars = variant.Variables;
        if (DerivativeArrays.PointOrNull(variant, At) is not { } point)
        {
            return VariantBuilder.Fail("the point is not a real number");
        }
        var f = variant.Function;
        var at = string.Join(", ", vars.Select(v => ExprPrinter.ToText(variant.Parse(At[v], []))));
        var (value, prefix) = Of switch
        {
            ValueOf.Function => (variant.Evaluate(f, point), $"f({at}) ="),
            ValueOf.DirectionalDerivative => (Directional(variant, f, point), $"D_u f({at}) ="),
            ValueOf.Taylor => (TaylorValue(variant, f, point), $"T_{Order.ToString(CultureInfo.InvariantCulture)}({at}) ="),
        };
        return double.IsFinite(value)
            ? VariantBuilder.Ok(SolverAnswers.Number(value, variant.Exact), prefix)
            : VariantBuilder.Fail("the value is not a real number at the point");
    }

    private double Directional(VariantBuilder variant, Expr f, double[] point)
    {
        var u = Direction.Select(variant.Number).ToArray();
        variant.PlacePoint("direction", Direction);
        var norm = Math.Sqrt(u.Sum(c => c * c));
        if (!(norm > 0) || !double.IsFinite(norm))
        {
            return double.NaN;
        }
        var gradient = Differentiator.Gradient(f, variant.Variables);
        return gradient.Select((g, i) => variant.Evaluate(g, point) * u[i] / norm).Sum();
    }

    private double TaylorValue(VariantBuilder variant, Expr f, double[] point)
    {
        variant.PlacePoint("about", About);
        variant.Placeholders["order"] = Order.ToString(CultureInfo.InvariantCulture);
        var about = variant.Variables.Select((v, i) => (v, variant.Parse(About[i], []))).ToDictionary(p => p.v, p => p.Item2, StringComparer.Ordinal);
        var expansion = Taylor.Expand(f, about, Order);
        return expansion.Polynomial is { } polynomial ? variant.Evaluate(polynomial, point) : double.NaN;
    }
}
