using System.Globalization;
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

    private Dictionary<string, Expr> Point(VariantBuilder variant, bool atOrigin) =>
        At.ToDictionary(kv => kv.Key, kv => atOrigin ? Expr.Zero : variant.Parse(kv.Value, []), StringComparer.Ordinal);
}
