using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GraderHub.Grading.Expressions;

// Prints a canonical Expr as text that parses back to the same Expr, and as LaTeX.
public static class ExprPrinter
{
    private const int SumPrecedence = 1;
    private const int ProductPrecedence = 2;
    private const int PowerPrecedence = 4;
    private const int AtomPrecedence = 5;

    public static string ToText(Expr e)
    {
        var sb = new StringBuilder();
        Text(e, sb, 0);
        return sb.ToString();
    }

    public static string ToLatex(Expr e)
    {
        var sb = new StringBuilder();
        Latex(e, sb, 0);
        return sb.ToString();
    }

    private static int Precedence(Expr e) => e switch
    {
        Number n => n.Value.Sign < 0 || !n.Value.IsInteger ? ProductPrecedence : AtomPrecedence,
        Constant or Symbol or Call => AtomPrecedence,
        Power p => p.Exponent is Number { Value: var r } && r == Rational.Half ? AtomPrecedence
            : p.Exponent is Number { Value.Sign: < 0 } && p.Base is not Number ? ProductPrecedence : PowerPrecedence,
        Product => ProductPrecedence,
        Sum => SumPrecedence,
        _ => throw new UnreachableException(),
    };

    // Splits a product into coefficient, numerator factors and denominator factors (positive powers).
    private static (Rational Coefficient, List<Expr> Numerator, List<Expr> Denominator) Fraction(Expr e)
    {
        var (c, rest) = Expr.SplitCoefficient(e);
        var numerator = new List<Expr>();
        var denominator = new List<Expr>();
        var factors = rest is Product p ? p.Factors.ToArray() : rest is Number ? [] : [rest];
        foreach (var f in factors)
        {
            // A number's negative power (0^(-1), 2^(-1/2)) stays a power: as a denominator it would
            // merge into the coefficient and print as something else.
            if (f is Power { Exponent: Number { Value.Sign: < 0 } ne } pw && pw.Base is not Number)
            {
                denominator.Add(Expr.Pow(pw.Base, Expr.Num(-ne.Value)));
            }
            else
            {
                numerator.Add(f);
            }
        }
        return (c, numerator, denominator);
    }

    private static bool IsNegative(Expr e) => Expr.SplitCoefficient(e).Coefficient.Sign < 0;

    // Terms joined with + and -, a negative term printed as the subtraction of its negation.
    // Polynomial degree of a term for display: x^4 before x before constants.
    private static int Degree(Expr e) => e switch
    {
        Symbol => 1,
        Power { Base: Symbol, Exponent: Number { Value: { IsInteger: true, Sign: > 0 } n } } => n.Numerator > 1000 ? 1000 : (int)n.Numerator,
        Product p => p.Factors.Sum(Degree),
        Number => -1,
        _ => 0,
    };

    private static void SumTerms(Sum s, StringBuilder sb, Action<Expr, StringBuilder, int> print)
    {
        // Display order only (highest degree first, constant last); the canonical order is unchanged.
        var terms = s.Terms.OrderByDescending(Degree).ToArray();
        for (var i = 0; i < terms.Length; i++)
        {
            var t = terms[i];
            if (i > 0 && IsNegative(t))
            {
                sb.Append(" - ");
                print(Expr.Neg(t), sb, ProductPrecedence);
            }
            else
            {
                if (i > 0)
                {
                    sb.Append(" + ");
                }
                print(t, sb, SumPrecedence + 1);
            }
        }
    }

    private static void Text(Expr e, StringBuilder sb, int context)
    {
        var wrap = Precedence(e) < context;
        if (wrap)
        {
            sb.Append('(');
        }
        switch (e)
        {
            case Number n:
                sb.Append(n.Value.ToString());
                break;
            case Constant c:
                sb.Append(c.Kind == ConstantKind.Pi ? "pi" : "e");
                break;
            case Symbol s:
                sb.Append(s.Name);
                break;
            case Sum s:
                SumTerms(s, sb, Text);
                break;
            case Power { Exponent: Number { Value: var half } } p when half == Rational.Half:
                sb.Append("sqrt(");
                Text(p.Base, sb, 0);
                sb.Append(')');
                break;
            case Product or Power { Exponent: Number { Value.Sign: < 0 }, Base: not Number }:
                TextFraction(e, sb);
                break;
            case Power p:
                Text(p.Base, sb, AtomPrecedence);
                sb.Append('^');
                Text(p.Exponent, sb, AtomPrecedence);
                break;
            case Call c:
                sb.Append(FunctionName(c.Function)).Append('(');
                Text(c.Argument, sb, 0);
                sb.Append(')');
                break;
            default:
                throw new UnreachableException();
        }
        if (wrap)
        {
            sb.Append(')');
        }
    }

    private static void TextFraction(Expr e, StringBuilder sb)
    {
        var (c, numerator, denominator) = Fraction(e);
        if (c.Sign < 0)
        {
            sb.Append('-');
            c = -c;
        }
        var wroteNumerator = false;
        if (!c.Numerator.IsOne || numerator.Count == 0)
        {
            sb.Append(c.Numerator.ToString(CultureInfo.InvariantCulture));
            wroteNumerator = true;
        }
        foreach (var f in numerator)
        {
            if (wroteNumerator)
            {
                sb.Append('*');
            }
            Text(f, sb, ProductPrecedence + 1);
            wroteNumerator = true;
        }
        var denominatorCount = denominator.Count + (c.Denominator.IsOne ? 0 : 1);
        if (denominatorCount == 0)
        {
            return;
        }
        sb.Append('/');
        if (denominatorCount > 1)
        {
            sb.Append('(');
        }
        var wrote = false;
        if (!c.Denominator.IsOne)
        {
            sb.Append(c.Denominator.ToString(CultureInfo.InvariantCulture));
            wrote = true;
        }
        foreach (var f in denominator)
        {
            if (wrote)
            {
                sb.Append('*');
            }
            Text(f, sb, denominatorCount > 1 ? ProductPrecedence + 1 : AtomPrecedence);
            wrote = true;
        }
        if (denominatorCount > 1)
        {
            sb.Append(')');
        }
    }

    public static string FunctionName(FunctionKind f) => f switch
    {
        FunctionKind.Sin => "sin",
        FunctionKind.Cos => "cos",
        FunctionKind.Tan => "tan",
        FunctionKind.Sec => "sec",
        FunctionKind.Csc => "csc",
        FunctionKind.Cot => "cot",
        FunctionKind.Asin => "asin",
        FunctionKind.Acos => "acos",
        FunctionKind.Atan => "atan",
        FunctionKind.Sinh => "sinh",
        FunctionKind.Cosh => "cosh",
        FunctionKind.Tanh => "tanh",
        FunctionKind.Exp => "exp",
        FunctionKind.Log => "log",
        FunctionKind.Sqrt => "sqrt",
        FunctionKind.Abs => "abs",
    };

    public static string LatexFunctionName(FunctionKind f) => f switch
    {
        FunctionKind.Sin => "\\sin",
        FunctionKind.Cos => "\\cos",
        FunctionKind.Tan => "\\tan",
        FunctionKind.Sec => "\\sec",
        FunctionKind.Csc => "\\csc",
        FunctionKind.Cot => "\\cot",
        FunctionKind.Asin => "\\arcsin",
        FunctionKind.Acos => "\\arccos",
        FunctionKind.Atan => "\\arctan",
        FunctionKind.Sinh => "\\sinh",
        FunctionKind.Cosh => "\\cosh",
        FunctionKind.Tanh => "\\tanh",
        FunctionKind.Exp => "\\exp",
        FunctionKind.Log => "\\ln",
        FunctionKind.Sqrt => "\\sqrt",
        FunctionKind.Abs => "\\operatorname{abs}",
    };

    // x_12 -> x_{12}, x1 -> x_{1}, theta -> \theta.
    public static string LatexName(string name)
    {
        var i = name.Length;
        while (i > 0 && char.IsAsciiDigit(name[i - 1]))
        {
            i--;
        }
        var stem = name[..i].TrimEnd('_');
        var index = name[i..];
        var head = Parser.GreekNames.Contains(stem) ? "\\" + stem : stem.Length > 1 ? "\\mathit{" + stem + "}" : stem;
        return index.Length > 0 ? head + "_{" + index + "}" : head;
    }

    private static void Latex(Expr e, StringBuilder sb, int context)
    {
        var wrap = Precedence(e) < context;
        if (wrap)
        {
            sb.Append("\\left(");
        }
        switch (e)
        {
            case Number n:
                if (n.Value.IsInteger)
                {
                    sb.Append(n.Value.Numerator.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    LatexFraction(e, sb);
                }
                break;
            case Constant c:
                sb.Append(c.Kind == ConstantKind.Pi ? "\\pi" : "e");
                break;
            case Symbol s:
                sb.Append(LatexName(s.Name));
                break;
            case Sum s:
                SumTerms(s, sb, Latex);
                break;
            case Power { Exponent: Number { Value: var half } } p when half == Rational.Half:
                sb.Append("\\sqrt{");
                Latex(p.Base, sb, 0);
                sb.Append('}');
                break;
            case Product or Power { Exponent: Number { Value.Sign: < 0 }, Base: not Number }:
                LatexFraction(e, sb);
                break;
            case Power p:
                if (p.Base is Call bc && bc.Function != FunctionKind.Abs)
                {
                    // sin(x)^2 reads as \sin^{2}(x) in print.
                    sb.Append(LatexFunctionName(bc.Function)).Append("^{");
                    Latex(p.Exponent, sb, 0);
                    sb.Append("}\\left(");
                    Latex(bc.Argument, sb, 0);
                    sb.Append("\\right)");
                    break;
                }
                Latex(p.Base, sb, AtomPrecedence);
                sb.Append("^{");
                Latex(p.Exponent, sb, 0);
                sb.Append('}');
                break;
            case Call { Function: FunctionKind.Exp } c:
                sb.Append("e^{");
                Latex(c.Argument, sb, 0);
                sb.Append('}');
                break;
            case Call { Function: FunctionKind.Abs } c:
                sb.Append("\\left|");
                Latex(c.Argument, sb, 0);
                sb.Append("\\right|");
                break;
            case Call c:
                sb.Append(LatexFunctionName(c.Function)).Append("\\left(");
                Latex(c.Argument, sb, 0);
                sb.Append("\\right)");
                break;
            default:
                throw new UnreachableException();
        }
        if (wrap)
        {
            sb.Append("\\right)");
        }
    }

    private static void LatexFraction(Expr e, StringBuilder sb)
    {
        var (c, numerator, denominator) = Fraction(e);
        if (c.Sign < 0)
        {
            sb.Append('-');
            c = -c;
        }
        var hasDenominator = denominator.Count > 0 || !c.Denominator.IsOne;
        if (hasDenominator)
        {
            sb.Append("\\frac{");
        }
        LatexFactors(c.Numerator, numerator, sb, hasDenominator);
        if (hasDenominator)
        {
            sb.Append("}{");
            LatexFactors(c.Denominator, denominator, sb, true);
            sb.Append('}');
        }
    }

    private static void LatexFactors(System.Numerics.BigInteger coefficient, List<Expr> factors, StringBuilder sb, bool inFraction)
    {
        var wrote = false;
        if (!coefficient.IsOne || factors.Count == 0)
        {
            sb.Append(coefficient.ToString(CultureInfo.InvariantCulture));
            wrote = true;
        }
        foreach (var f in factors)
        {
            if (wrote)
            {
                sb.Append(f is Number || (f is Power { Base: Number }) ? " \\cdot " : " ");
            }
            Latex(f, sb, factors.Count == 1 && inFraction && !wrote ? 0 : ProductPrecedence + 1);
            wrote = true;
        }
    }
}
