using System.Diagnostics;
using System.Numerics;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Equivalence;

// Fixed-point evaluation with 256 fractional bits (about 77 digits), for the rare decision double
// precision cannot make: a typed constant that differs from the exact value by less than a double
// can show (3.141592653589793 for pi, 0.1666666666666667 for 1/6, + 10^-20).
internal static class HighPrecision
{
    private const int Bits = 256;
    private static readonly BigInteger One = BigInteger.One << Bits;
    private static readonly BigInteger Limit = BigInteger.One << (Bits + 4000);
    private static readonly Lazy<BigInteger> Ln2 = new(ComputeLn2);
    private static readonly Lazy<BigInteger> PiValue = new(ComputePi);

    // Numbers whose numerator or denominator passes this size are what double precision blurs.
    private static readonly BigInteger Large = new(1 << 24);

    public static bool HasLargeConstant(Expr e) => e switch
    {
        Number n => BigInteger.Abs(n.Value.Numerator) > Large || n.Value.Denominator > Large,
        Constant or Symbol => false,
        Power p => HasLargeConstant(p.Base) || HasLargeConstant(p.Exponent),
        Product p => p.Factors.Any(HasLargeConstant),
        Sum s => s.Terms.Any(HasLargeConstant),
        Call c => HasLargeConstant(c.Argument),
        _ => throw new UnreachableException(),
    };

    // Null when the expression is not real (or too large) at the point.
    public static BigInteger? Evaluate(Expr e, IReadOnlyList<string> variables, double[] point)
    {
        try
        {
            return Eval(e, variables, point);
        }
        catch (ArithmeticException)
        {
            return null;
        }
    }

    // |a - b| <= 2^-200 * max(|a|, |b|, 1): equal as far as 256-bit evaluation can tell.
    public static bool Close(BigInteger a, BigInteger b)
    {
        var scale = BigInteger.Max(BigInteger.Max(BigInteger.Abs(a), BigInteger.Abs(b)), One);
        return BigInteger.Abs(a - b) << 200 <= scale;
    }

    public static double ToDouble(BigInteger v) => (double)v / Math.Pow(2, Bits);

    private static BigInteger FromDouble(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArithmeticException();
        }
        var bits = BitConverter.DoubleToInt64Bits(d);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent++;
        }
        else
        {
            mantissa |= 1L << 52;
        }
        var shift = exponent - 1075 + Bits;
        var m = new BigInteger(mantissa);
        var v = shift >= 0 ? m << shift : m >> -shift;
        return d < 0 ? -v : v;
    }

    private static BigInteger FromRational(Rational r) => (r.Numerator << Bits) / r.Denominator;

    private static BigInteger Mul(BigInteger a, BigInteger b) => Check((a * b) >> Bits);

    private static BigInteger Div(BigInteger a, BigInteger b) => b.IsZero ? throw new ArithmeticException() : Check((a << Bits) / b);

    private static BigInteger Check(BigInteger v) => BigInteger.Abs(v) > Limit ? throw new ArithmeticException() : v;

    private static BigInteger Eval(Expr e, IReadOnlyList<string> variables, double[] point)
    {
        switch (e)
        {
            case Number n:
                return FromRational(n.Value);
            case Constant c:
                return c.Kind == ConstantKind.Pi ? PiValue.Value : Exp(One);
            case Symbol s:
            {
                for (var i = 0; i < variables.Count; i++)
                {
                    if (variables[i] == s.Name)
                    {
                        return FromDouble(point[i]);
                    }
                }
                throw new ArithmeticException();
            }
            case Sum s:
            {
                var total = BigInteger.Zero;
                foreach (var t in s.Terms)
                {
                    total += Eval(t, variables, point);
                }
                return Check(total);
            }
            case Product p:
            {
                var total = One;
                foreach (var f in p.Factors)
                {
                    total = Mul(total, Eval(f, variables, point));
                }
                return total;
            }
            case Power { Exponent: Number { Value: var r } } p:
                return PowRational(Eval(p.Base, variables, point), r);
            case Power p:
            {
                var b = Eval(p.Base, variables, point);
                var w = Eval(p.Exponent, variables, point);
                var rounded = (w + (One >> 1)) >> Bits << Bits;
                if (b.Sign < 0)
                {
                    // A negative base needs an integer exponent (principal branch).
                    if (BigInteger.Abs(w - rounded) << (Bits / 2) > One)
                    {
                        throw new ArithmeticException();
                    }
                    return PowInteger(b, rounded >> Bits);
                }
                if (b.IsZero)
                {
                    return w.Sign > 0 ? BigInteger.Zero : w.IsZero ? One : throw new ArithmeticException();
                }
                return Exp(Mul(w, Log(b)));
            }
            case Call c:
                return Apply(c.Function, Eval(c.Argument, variables, point));
            default:
                throw new UnreachableException();
        }
    }

    private static BigInteger PowRational(BigInteger b, Rational r)
    {
        if (r.IsInteger)
        {
            return PowInteger(b, r.Numerator);
        }
        if (b.Sign < 0)
        {
            throw new ArithmeticException();
        }
        if (b.IsZero)
        {
            return r.Sign > 0 ? BigInteger.Zero : throw new ArithmeticException();
        }
        if (r.Denominator == 2)
        {
            return PowInteger(Sqrt(b), r.Numerator);
        }
        return Exp(Mul(FromRational(r), Log(b)));
    }

    private static BigInteger PowInteger(BigInteger b, BigInteger n)
    {
        if (n.Sign < 0)
        {
            return Div(One, PowInteger(b, -n));
        }
        var result = One;
        var power = b;
        while (!n.IsZero)
        {
            if (!n.IsEven)
            {
                result = Mul(result, power);
            }
            n >>= 1;
            if (!n.IsZero)
            {
                power = Mul(power, power);
            }
        }
        return result;
    }

    private static BigInteger Sqrt(BigInteger a)
    {
        if (a.Sign < 0)
        {
            throw new ArithmeticException();
        }
        var n = a << Bits;
        if (n.IsZero)
        {
            return n;
        }
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x)
            {
                return x;
            }
            x = y;
        }
    }

    private static BigInteger Exp(BigInteger x)
    {
        // exp(x) = 2^k exp(r), |r| <= ln2/2.
        var ln2 = Ln2.Value;
        var k = (x + (ln2 >> 1)) / ln2;
        if (x.Sign < 0 && x + (ln2 >> 1) < 0)
        {
            k = (x + (ln2 >> 1) - ln2 + 1) / ln2;
        }
        if (BigInteger.Abs(k) > 4000)
        {
            throw new ArithmeticException();
        }
        var r = x - k * ln2;
        var sum = One;
        var term = One;
        for (var i = 1; i < 400 && !term.IsZero; i++)
        {
            term = Mul(term, r) / i;
            sum += term;
        }
        var shift = (int)k;
        return shift >= 0 ? Check(sum << shift) : sum >> -shift;
    }

    private static BigInteger Log(BigInteger x)
    {
        if (x.Sign <= 0)
        {
            throw new ArithmeticException();
        }
        // x = m 2^e with m in [1, 2), log m = 2 atanh((m-1)/(m+1)).
        var e = (int)x.GetBitLength() - 1 - Bits;
        var m = e >= 0 ? x >> e : x << -e;
        var z = Div(m - One, m + One);
        var z2 = Mul(z, z);
        var sum = BigInteger.Zero;
        var power = z;
        for (var k = 1; k < 2000 && !power.IsZero; k += 2)
        {
            sum += power / k;
            power = Mul(power, z2);
        }
        return 2 * sum + e * Ln2.Value;
    }

    private static BigInteger ComputeLn2()
    {
        // ln 2 = sum 1/(k 2^k).
        var sum = BigInteger.Zero;
        for (var k = 1; k < Bits + 20; k++)
        {
            sum += (One >> k) / k;
        }
        return sum;
    }

    private static BigInteger AtanSmall(BigInteger x)
    {
        var x2 = Mul(x, x);
        var sum = BigInteger.Zero;
        var power = x;
        for (var k = 1; k < 4000 && !power.IsZero; k += 2)
        {
            sum += (k % 4 == 1 ? power : -power) / k;
            power = Mul(power, x2);
        }
        return sum;
    }

    private static BigInteger ComputePi() => 16 * AtanSmall(One / 5) - 4 * AtanSmall(One / 239);

    private static BigInteger Atan(BigInteger x)
    {
        if (BigInteger.Abs(x) > One)
        {
            var half = PiValue.Value >> 1;
            return (x.Sign > 0 ? half : -half) - Atan(Div(One, x));
        }
        // Halve the argument twice: atan x = 2 atan(x / (1 + sqrt(1 + x^2))).
        for (var i = 0; i < 2; i++)
        {
            x = Div(x, One + Sqrt(One + Mul(x, x)));
        }
        return 4 * AtanSmall(x);
    }

    private static (BigInteger Sin, BigInteger Cos) SinCos(BigInteger x)
    {
        var twoPi = PiValue.Value << 1;
        var turns = (x + (twoPi >> 1)) / twoPi;
        if (x + (twoPi >> 1) < 0)
        {
            turns -= 1;
        }
        var r = x - turns * twoPi;
        BigInteger sin = BigInteger.Zero, cos = BigInteger.Zero, term = One;
        for (var k = 0; k < 600 && !term.IsZero; k++)
        {
            switch (k % 4)
            {
                case 0: cos += term; break;
                case 1: sin += term; break;
                case 2: cos -= term; break;
                default: sin -= term; break;
            }
            term = Mul(term, r) / (k + 1);
        }
        return (sin, cos);
    }

    private static BigInteger Apply(FunctionKind f, BigInteger a) => f switch
    {
        FunctionKind.Sin => SinCos(a).Sin,
        FunctionKind.Cos => SinCos(a).Cos,
        FunctionKind.Tan => SinCos(a) is var (s, c) ? Div(s, c) : default,
        FunctionKind.Sec => Div(One, SinCos(a).Cos),
        FunctionKind.Csc => Div(One, SinCos(a).Sin),
        FunctionKind.Cot => SinCos(a) is var (s, c) ? Div(c, s) : default,
        FunctionKind.Asin => BigInteger.Abs(a) > One ? throw new ArithmeticException()
            : BigInteger.Abs(a) == One ? a.Sign * (PiValue.Value >> 1) : Atan(Div(a, Sqrt(One - Mul(a, a)))),
        FunctionKind.Acos => (PiValue.Value >> 1) - Apply(FunctionKind.Asin, a),
        FunctionKind.Atan => Atan(a),
        FunctionKind.Sinh => (Exp(a) - Exp(-a)) >> 1,
        FunctionKind.Cosh => (Exp(a) + Exp(-a)) >> 1,
        FunctionKind.Tanh => (Exp(a), Exp(-a)) is var (p, m) ? Div(p - m, p + m) : default,
        FunctionKind.Exp => Exp(a),
        FunctionKind.Log => Log(a),
        FunctionKind.Sqrt => Sqrt(a),
        FunctionKind.Abs => BigInteger.Abs(a),
    };
}
