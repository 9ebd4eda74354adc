using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Tests.Expressions;

// Random expressions as a student might type them (text), from a small grammar.
public static class ExpressionGen
{
    private static readonly string[] Functions = ["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "atan", "sinh", "cosh", "tanh", "asin"];
    private static readonly string[] TotalFunctions = ["sin", "cos", "exp", "atan", "sinh", "cosh", "tanh"];

    public static Gen<string> Text(bool total) => Gen.Sized(size => Node(Math.Min(size, 12), total));

    private static Gen<string> Node(int size, bool total)
    {
        var leaf = Gen.Elements("x", "y", "2", "3", "7", "1/2", "pi", "e", "0.25", "x", "y");
        if (size <= 1)
        {
            return leaf;
        }
        var sub = Node(size / 2, total);
        var operators = total ? new[] { "+", "-", "*" } : new[] { "+", "-", "*", "/" };
        var binary = from l in sub
                     from op in Gen.Elements(operators)
                     from r in sub
                     select $"({l}) {op} ({r})";
        var power = Gen.Zip(sub, Gen.Choose(total ? 0 : -2, 3)).Select(t => $"({t.Item1})^{t.Item2}");
        var call = Gen.Zip(Gen.Elements(total ? TotalFunctions : Functions), sub).Select(t => $"{t.Item1}({t.Item2})");
        return Gen.Frequency((2, leaf), (4, binary), (1, power), (2, call));
    }

    public static readonly string[] Vars = ["x", "y"];

    public static Expr Canonical(string text) => MathExpression.Parse(text, Vars).Expression!.Canonical;
}

public class PropertyTests
{
    private static double Eval(Expr e, double x, double y) => CompiledExpr.Compile(e, ExpressionGen.Vars).Evaluate([x, y]) is { Status: EvalStatus.Ok } v ? v.Value : double.NaN;

    [Property(MaxTest = 300)]
    public Property PrintThenParse_IsIdentity() =>
        Prop.ForAll(ExpressionGen.Text(total: false).ToArbitrary(), text =>
        {
            var e = ExpressionGen.Canonical(text);
            var printed = ExprPrinter.ToText(e);
            var again = MathExpression.Parse(printed, ExpressionGen.Vars).Expression?.Canonical;
            return (e.Equals(again)).Label($"{text} -> {printed} -> {again}");
        });

    [Property(MaxTest = 200)]
    public Property Derivative_IsLinear() =>
        Prop.ForAll(ExpressionGen.Text(total: false).ToArbitrary(), ExpressionGen.Text(total: false).ToArbitrary(), (f, g) =>
        {
            var ef = ExpressionGen.Canonical(f);
            var eg = ExpressionGen.Canonical(g);
            var left = Differentiator.Differentiate(Expr.Sub(Expr.Mul(Expr.Num(2), ef), Expr.Mul(Expr.Num(3), eg)), "x");
            var right = Expr.Sub(Expr.Mul(Expr.Num(2), Differentiator.Differentiate(ef, "x")), Expr.Mul(Expr.Num(3), Differentiator.Differentiate(eg, "x")));
            return (Expr.Expand(Expr.Sub(left, right)) is null or Number { Value.IsZero: true }).Label($"{f} ; {g}");
        });

    [Property(MaxTest = 500)]
    public Property Derivative_AgreesWithCentralDifference() =>
        Prop.ForAll(ExpressionGen.Text(total: false).ToArbitrary(), Gen.Choose(-300, 300).ToArbitrary(), (text, k) =>
        {
            var f = ExpressionGen.Canonical(text);
            var x0 = k / 97.0 + 0.013;
            const double y0 = 0.61;
            const double h = 1e-5;
            var program = CompiledExpr.Compile(f, ExpressionGen.Vars);
            var values = new double[5];
            for (var i = -2; i <= 2; i++)
            {
                var v = program.Evaluate([x0 + i * h, y0]);
                if (v.Status != EvalStatus.Ok)
                {
                    return true.Label("outside the domain: vacuous");
                }
                values[i + 2] = v.Value;
            }
            var d = Eval(Differentiator.Differentiate(f, "x"), x0, y0);
            if (double.IsNaN(d) || Math.Abs(values[2]) > 1e8 || Math.Abs(d) * h > 1e-2 * Math.Max(1, Math.Abs(values[2])))
            {
                // Not real here, or varying faster than a step of h can resolve (sin(exp(7x)) at x = 3).
                return true.Label("outside the smooth domain: vacuous");
            }
            // Central differences with steps h and 2h, Richardson-extrapolated; their disagreement
            // bounds the truncation error near steep points (poles of tan, exp of exp).
            var d1 = (values[3] - values[1]) / (2 * h);
            var d2 = (values[4] - values[0]) / (4 * h);
            var richardson = (4 * d1 - d2) / 3;
            var tolerance = 2 * Math.Abs(d1 - d2) + 1e-6 * Math.Max(1, Math.Abs(d)) + 1e-10 * Math.Abs(values[2]) / h;
            return (Math.Abs(richardson - d) <= tolerance).Label($"{text} at {x0}: symbolic {d}, numeric {richardson} (+-{tolerance})");
        });

    [Property(MaxTest = 100)]
    public Property Taylor_AgreesWithFunctionToItsOrder() =>
        Prop.ForAll(ExpressionGen.Text(total: true).ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), (text, order) =>
        {
            var f = ExpressionGen.Canonical(text).Substitute(new Dictionary<string, Expr> { ["y"] = Expr.Num(1, 3) });
            var result = Taylor.Univariate(f, "x", Expr.Num(1, 2), order);
            if (result.Polynomial is null)
            {
                return true.Label("expansion too large");
            }
            // The k-th derivatives of T_n and f agree at the expansion point for every k <= n.
            Expr df = f, dt = result.Polynomial;
            for (var k = 0; k <= order; k++)
            {
                var a = Eval(df, 0.5, 0);
                var b = Eval(dt, 0.5, 0);
                if (Math.Abs(a - b) > 1e-7 * Math.Max(1, Math.Abs(a)))
                {
                    return false.Label($"{text}: derivative {k} differs ({a} vs {b})");
                }
                df = Differentiator.Differentiate(df, "x");
                dt = Differentiator.Differentiate(dt, "x");
            }
            return true.Label(text);
        });

    [Property(MaxTest = 200)]
    public Property Equivalence_IsReflexive() =>
        Prop.ForAll(ExpressionGen.Text(total: false).ToArbitrary(), text =>
        {
            var verdict = EquivalenceChecker.Check(text, text, ExpressionGen.Vars).Verdict;
            // A constant with no value anywhere (log(-2)) is refused on both sides (issue 9).
            var undefined = ExpressionReading.IsUndefinedConstant(MathExpression.Parse(text, ExpressionGen.Vars).Expression!.Raw);
            return (verdict is EquivalenceVerdict.Equivalent or EquivalenceVerdict.Undetermined || (undefined && verdict == EquivalenceVerdict.Invalid))
                .Label($"{text}: {verdict}");
        });

    // Symmetric where both sides are real everywhere (the domain policy is relative to the reference).
    [Property(MaxTest = 200)]
    public Property Equivalence_IsSymmetric_ForTotalFunctions() =>
        Prop.ForAll(ExpressionGen.Text(total: true).ToArbitrary(), ExpressionGen.Text(total: true).ToArbitrary(), (f, g) =>
        {
            var forward = EquivalenceChecker.Check(f, g, ExpressionGen.Vars).Verdict;
            var backward = EquivalenceChecker.Check(g, f, ExpressionGen.Vars).Verdict;
            return (forward == backward || forward == EquivalenceVerdict.Undetermined || backward == EquivalenceVerdict.Undetermined)
                .Label($"{f} vs {g}: {forward} / {backward}");
        });

    [Property(MaxTest = 200)]
    public Property Equivalence_ExpandedForm_IsEquivalent() =>
        Prop.ForAll(ExpressionGen.Text(total: true).ToArbitrary(), text =>
        {
            var e = ExpressionGen.Canonical(text);
            if (Expr.Expand(e) is not { } expanded)
            {
                return true.Label("too large to expand");
            }
            var verdict = EquivalenceChecker.Check(text, ExprPrinter.ToText(expanded), ExpressionGen.Vars).Verdict;
            return (verdict != EquivalenceVerdict.NotEquivalent).Label($"{text}: {verdict}");
        });
}
