using System.Globalization;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Equivalence;

// The usual slips, named as in problem self-tests (`diagnosis:` in the YAML).
public static class DiagnosisKind
{
    public const string Sign = "sign";
    public const string QuotientRule = "quotient_rule";
    public const string ConstantFactor = "constant_factor";
    public const string AdditiveConstant = "additive_constant";
    public const string ChainRule = "chain_rule";
    public const string Undifferentiated = "undifferentiated";
    public const string WrongVariable = "wrong_variable";
    public const string ProductRule = "product_rule";
    public const string UnknownVariable = "unknown_variable";
    public const string FunctionItself = "function_itself";
    public const string WrongOrder = "wrong_order";
    public const string WrongPoint = "wrong_point";
    public const string None = "none";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Sign, QuotientRule, ConstantFactor, AdditiveConstant, ChainRule, Undifferentiated, WrongVariable,
        ProductRule, UnknownVariable, FunctionItself, WrongOrder, WrongPoint, None,
    };
}

public sealed record Diagnosis(string Kind, string Feedback);

// Explains a wrong answer to a derivative question by testing, numerically at the reference's
// sample points, whether it equals a known mistaken transformation of the question. Feedback names
// the slip and never shows the expected expression.
public static class Diagnoser
{
    private const double Unit = 1.1102230246251565e-16;

    // ct stops the search between candidate slips (a grading's time limit).
    public static Diagnosis Diagnose(PreparedReference reference, ParsedExpression answer, Expr? function, string? wrt, CancellationToken ct = default)
    {
        try
        {
            return DiagnoseCore(reference, CompiledExpr.Compile(answer.Raw, reference.Variables), function, wrt, ct);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new Diagnosis(DiagnosisKind.None, Failure.Describe(ex, "Your answer is not correct."));
        }
    }

    // A wrong Taylor polynomial: the function itself, another order, or expanded about the origin.
    public static Diagnosis DiagnoseTaylor(PreparedReference reference, ParsedExpression answer, Expr function, int order,
        Func<int, bool, Expr?> alternative, CancellationToken ct = default)
    {
        try
        {
            var program = CompiledExpr.Compile(answer.Raw, reference.Variables);
            if (Matches(reference, program, ct, function))
            {
                return new Diagnosis(DiagnosisKind.FunctionItself, "That is the function itself: the question asks for its Taylor polynomial.");
            }
            foreach (var other in new[] { order - 1, order + 1, order - 2 })
            {
                if (other >= 0 && alternative(other, false) is { } p && Matches(reference, program, ct, p))
                {
                    return new Diagnosis(DiagnosisKind.WrongOrder, $"Check the order: the question asks for the polynomial of order {order}.");
                }
            }
            if (alternative(order, true) is { } origin && !origin.Equals(reference.Canonical) && Matches(reference, program, ct, origin))
            {
                return new Diagnosis(DiagnosisKind.WrongPoint, "Check the expansion point: powers of (x - a) are about the point the question gives.");
            }
            return DiagnoseCore(reference, program, null, null, ct);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new Diagnosis(DiagnosisKind.None, Failure.Describe(ex, "Your answer is not correct."));
        }
    }

    private static Diagnosis DiagnoseCore(PreparedReference reference, CompiledExpr answer, Expr? function, string? wrt, CancellationToken ct)
    {
        var what = wrt is null ? "the expected expression" : "the derivative";
        if (Matches(reference, answer, ct, Expr.Neg(reference.Canonical)))
        {
            return IsQuotient(function, wrt)
                ? new Diagnosis(DiagnosisKind.QuotientRule,
                    "The sign is wrong, as when the two terms of the quotient-rule numerator are swapped: (u/v)' = (u'v - uv')/v^2.")
                : new Diagnosis(DiagnosisKind.Sign, "Your answer has the wrong sign: check where each minus sign comes from.");
        }
        if (function is not null && wrt is not null)
        {
            foreach (var other in reference.Variables)
            {
                if (other != wrt && Differentiator.Differentiate(function, other) is var d && !d.Equals(Expr.Zero) && Matches(reference, answer, ct, d))
                {
                    return new Diagnosis(DiagnosisKind.WrongVariable,
                        $"That looks like the derivative with respect to {other}; the question asks for the derivative with respect to {wrt}.");
                }
            }
            if (ProductRuleSlip(reference, answer, function, wrt, ct))
            {
                return new Diagnosis(DiagnosisKind.ProductRule,
                    "The product rule gives one term per factor: (uv)' = u'v + uv'. A term is missing or the derivatives were multiplied.");
            }
            foreach (var inner in InnerDerivatives(function, wrt))
            {
                if (Matches(reference, answer, ct, Expr.Div(reference.Canonical, inner)))
                {
                    return new Diagnosis(DiagnosisKind.ChainRule,
                        "The chain rule needs the derivative of the inner function as a factor: it is missing.");
                }
            }
            // After the chain rule: for exp(3x), answering exp(3x) is the missing inner factor 3.
            if (Matches(reference, answer, ct, function))
            {
                return new Diagnosis(DiagnosisKind.Undifferentiated, "That is the function itself: it still has to be differentiated.");
            }
        }
        var factor = ConstantRelation(reference, answer, ct, ratio: true);
        if (factor is 0)
        {
            // The answer 0 is no constant multiple worth naming.
            return new Diagnosis(DiagnosisKind.None, $"Your answer is 0 everywhere, and {what} is not.");
        }
        if (factor is { } c && Math.Abs(c - 1) > 1e-9)
        {
            return new Diagnosis(DiagnosisKind.ConstantFactor,
                $"Your answer is off by a constant factor: it is {FormatConstant(c)} times {what}.");
        }
        if (ConstantRelation(reference, answer, ct, ratio: false) is { } offset && offset != 0)
        {
            return new Diagnosis(DiagnosisKind.AdditiveConstant,
                $"Your answer differs from {what} by a constant. Check each term" + (wrt is null ? "." : ": constants vanish when differentiated."));
        }
        return new Diagnosis(DiagnosisKind.None, "Your answer is not correct.");
    }

    private static bool IsQuotient(Expr? function, string? wrt) =>
        function is not null && wrt is not null && Factors(function).Any(f =>
            f is Power { Exponent: Number { Value.Sign: < 0 } } p && p.Base.DependsOn(wrt));

    private static IEnumerable<Expr> Factors(Expr e) => e is Product p ? p.Factors : [e];

    private static bool ProductRuleSlip(PreparedReference reference, CompiledExpr answer, Expr function, string wrt, CancellationToken ct)
    {
        var factors = Factors(function).Where(f => f.DependsOn(wrt)).ToArray();
        if (factors.Length < 2 || factors.Length > 6)
        {
            return false;
        }
        var constant = Expr.Mul(Factors(function).Where(f => !f.DependsOn(wrt)));
        var terms = new Expr[factors.Length];
        for (var i = 0; i < factors.Length; i++)
        {
            var others = factors.Where((_, j) => j != i).Append(constant);
            terms[i] = Expr.Mul(others.Prepend(Differentiator.Differentiate(factors[i], wrt)));
        }
        foreach (var term in terms)
        {
            if (Matches(reference, answer, ct, term) || (factors.Length > 2 && Matches(reference, answer, ct, Expr.Sub(reference.Canonical, term))))
            {
                return true;
            }
        }
        var multiplied = Expr.Mul(factors.Select(f => Differentiator.Differentiate(f, wrt)).Append(constant));
        return Matches(reference, answer, ct, multiplied);
    }

    // Derivatives of the inner functions of every composition in f, excluding the trivial 1.
    private static IEnumerable<Expr> InnerDerivatives(Expr f, string wrt)
    {
        var found = new List<Expr>();
        void Walk(Expr e)
        {
            switch (e)
            {
                case Call c:
                    Add(c.Argument);
                    Walk(c.Argument);
                    break;
                case Power p:
                    Add(p.Base);
                    Add(p.Exponent);
                    Walk(p.Base);
                    Walk(p.Exponent);
                    break;
                case Product p:
                    foreach (var x in p.Factors)
                    {
                        Walk(x);
                    }
                    break;
                case Sum s:
                    foreach (var x in s.Terms)
                    {
                        Walk(x);
                    }
                    break;
            }
        }
        void Add(Expr inner)
        {
            if (inner is Symbol || !inner.DependsOn(wrt))
            {
                return;
            }
            var d = Differentiator.Differentiate(inner, wrt);
            if (!d.Equals(Expr.One) && !d.Equals(Expr.Zero) && !found.Contains(d))
            {
                found.Add(d);
            }
        }
        Walk(f);
        return found;
    }

    private static bool Matches(PreparedReference reference, CompiledExpr answer, CancellationToken ct, Expr candidate)
    {
        ct.ThrowIfCancellationRequested();
        var program = CompiledExpr.Compile(candidate, reference.Variables);
        var compared = 0;
        foreach (var point in reference.Points)
        {
            var a = answer.Evaluate(point);
            var c = program.Evaluate(point);
            if (a.Status != EvalStatus.Ok || c.Status != EvalStatus.Ok)
            {
                if (a.Status != c.Status)
                {
                    return false;
                }
                continue;
            }
            var scale = Math.Max(Math.Abs(a.Value), Math.Abs(c.Value));
            if (Math.Abs(a.Value - c.Value) > 16 * (a.ErrorBound + c.ErrorBound) + 8 * Unit * scale + 1e-9 * scale)
            {
                return false;
            }
            compared++;
        }
        return compared >= EquivalenceChecker.MinimumPoints;
    }

    // The constant c with answer = c * reference (ratio) or answer = reference + c, when there is one.
    private static double? ConstantRelation(PreparedReference reference, CompiledExpr answer, CancellationToken ct, bool ratio)
    {
        double? value = null;
        var compared = 0;
        for (var i = 0; i < reference.Points.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var a = answer.Evaluate(reference.Points[i]);
            var r = reference.Values[i];
            if (a.Status != EvalStatus.Ok || (ratio && r.Value == 0))
            {
                continue;
            }
            var v = ratio ? a.Value / r.Value : a.Value - r.Value;
            if (value is null)
            {
                value = v;
            }
            else if (Math.Abs(v - value.Value) > 1e-7 * Math.Max(1, Math.Abs(value.Value)))
            {
                return null;
            }
            compared++;
        }
        return compared >= EquivalenceChecker.MinimumPoints ? value : null;
    }

    // 0.5 -> "1/2", 3 -> "3", 6.2832 -> "2*pi" when close, else a short decimal.
    public static string FormatConstant(double c)
    {
        foreach (var (multiple, name) in new[] { (1.0, ""), (Math.PI, "pi"), (Math.E, "e") })
        {
            var x = c / multiple;
            for (var d = 1; d <= 24; d++)
            {
                var n = Math.Round(x * d);
                if (n != 0 && Math.Abs(x * d - n) < 1e-9 * Math.Max(1, Math.Abs(n)))
                {
                    var g = Gcd((long)Math.Abs(n), d);
                    var num = (long)n / g;
                    var den = d / g;
                    var fraction = den == 1 ? num.ToString(CultureInfo.InvariantCulture) : $"{num.ToString(CultureInfo.InvariantCulture)}/{den.ToString(CultureInfo.InvariantCulture)}";
                    return name.Length == 0 ? fraction : num == 1 && den == 1 ? name : num == -1 && den == 1 ? "-" + name : $"{fraction}*{name}";
                }
            }
        }
        return c.ToString("G4", CultureInfo.InvariantCulture);
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
