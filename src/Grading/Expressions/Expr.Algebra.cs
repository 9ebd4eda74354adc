using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;

namespace GraderHub.Grading.Expressions;

// Smart constructors. Every rewrite here is an identity wherever both sides are real and finite
// (principal branch over the reals), so canonical equality never hides a difference in value;
// where a rewrite could change the domain, equivalence still checks the domain on the raw tree.
public abstract partial record Expr
{
    public static Expr Num(Rational value) => new Number(value);
    public static Expr Num(long value) => new Number(Rational.FromInt(value));
    public static Expr Num(long numerator, long denominator) => new Number(new Rational(numerator, denominator));
    public static Expr Sym(string name) => new Symbol(name);

    public static Expr Neg(Expr a) => Mul(MinusOne, a);
    public static Expr Sub(Expr a, Expr b) => Add(a, Neg(b));
    public static Expr Div(Expr a, Expr b) => Mul(a, Pow(b, MinusOne));

    public static Expr Add(Expr a, Expr b) => AddMany([a, b]);
    public static Expr Add(params ReadOnlySpan<Expr> items) => AddMany(items);
    public static Expr Add(IEnumerable<Expr> items) => AddMany(items.ToArray());

    public static Expr Mul(Expr a, Expr b) => MulMany([a, b]);
    public static Expr Mul(params ReadOnlySpan<Expr> items) => MulMany(items);
    public static Expr Mul(IEnumerable<Expr> items) => MulMany(items.ToArray());

    // Splits c*rest into (c, rest); rest is One for a bare number.
    public static (Rational Coefficient, Expr Term) SplitCoefficient(Expr e)
    {
        switch (e)
        {
            case Number n:
                return (n.Value, One);
            case Product p when p.Factors[0] is Number c:
                return (c.Value, p.Factors.Length == 2 ? p.Factors[1] : new Product(p.Factors.RemoveAt(0)));
            default:
                return (Rational.One, e);
        }
    }

    private static Expr WithCoefficient(Rational c, Expr rest)
    {
        if (c.IsZero)
        {
            return Zero;
        }
        if (rest is Number n)
        {
            return new Number(c * n.Value);
        }
        if (c.IsOne)
        {
            return rest;
        }
        return rest is Product p ? new Product(p.Factors.Insert(0, new Number(c))) : new Product([new Number(c), rest]);
    }

    private static Expr AddMany(ReadOnlySpan<Expr> items)
    {
        var constant = Rational.Zero;
        var rests = new List<Expr>(items.Length);
        var coefficients = new List<Rational>(items.Length);
        Dictionary<Expr, int>? index = null;

        void Accumulate(Expr e)
        {
            switch (e)
            {
                case Number n:
                    constant += n.Value;
                    return;
                case Sum s:
                    foreach (var t in s.Terms)
                    {
                        Accumulate(t);
                    }
                    return;
            }
            var (c, rest) = SplitCoefficient(e);
            var at = -1;
            if (index is not null)
            {
                if (!index.TryGetValue(rest, out at))
                {
                    at = -1;
                }
            }
            else
            {
                for (var i = 0; i < rests.Count; i++)
                {
                    if (rests[i].Equals(rest))
                    {
                        at = i;
                        break;
                    }
                }
            }
            if (at >= 0)
            {
                coefficients[at] += c;
                return;
            }
            rests.Add(rest);
            coefficients.Add(c);
            if (index is null && rests.Count > 16)
            {
                index = new Dictionary<Expr, int>(rests.Count * 2);
                for (var i = 0; i < rests.Count; i++)
                {
                    index[rests[i]] = i;
                }
            }
            else
            {
                index?.Add(rest, rests.Count - 1);
            }
        }

        foreach (var item in items)
        {
            Accumulate(item);
        }
        var builder = ImmutableArray.CreateBuilder<Expr>(rests.Count + 1);
        if (!constant.IsZero)
        {
            builder.Add(new Number(constant));
        }
        for (var i = 0; i < rests.Count; i++)
        {
            if (!coefficients[i].IsZero)
            {
                builder.Add(WithCoefficient(coefficients[i], rests[i]));
            }
        }
        if (builder.Count == 0)
        {
            return Zero;
        }
        if (builder.Count == 1)
        {
            return builder[0];
        }
        builder.Sort(ExprOrder.Instance);
        return new Sum(builder.ToImmutable());
    }

    private static Expr MulMany(ReadOnlySpan<Expr> items)
    {
        var coefficient = Rational.One;
        var bases = new List<Expr>(items.Length);
        var exponents = new List<Expr>(items.Length);
        List<Expr>? expArguments = null;
        var needsSecondPass = false;

        void Accumulate(Expr e)
        {
            switch (e)
            {
                case Number n:
                    coefficient *= n.Value;
                    return;
                case Product p:
                    foreach (var f in p.Factors)
                    {
                        Accumulate(f);
                    }
                    return;
                case Call { Function: FunctionKind.Exp } c:
                    // exp(a)*exp(b) = exp(a+b): exp is positive and finite wherever its argument is.
                    (expArguments ??= []).Add(c.Argument);
                    return;
            }
            var (b, x) = e is Power pw ? (pw.Base, pw.Exponent) : (e, One);
            for (var i = 0; i < bases.Count; i++)
            {
                if (bases[i].Equals(b))
                {
                    // u^a*u^b = u^(a+b) wherever both sides are real (u > 0, or integer exponents).
                    exponents[i] = Add(exponents[i], x);
                    return;
                }
            }
            bases.Add(b);
            exponents.Add(x);
        }

        foreach (var item in items)
        {
            Accumulate(item);
        }
        if (coefficient.IsZero)
        {
            return Zero;
        }
        var builder = ImmutableArray.CreateBuilder<Expr>(bases.Count + 2);
        for (var i = 0; i < bases.Count; i++)
        {
            var factor = ReferenceEquals(exponents[i], One) ? bases[i] : Pow(bases[i], exponents[i]);
            switch (factor)
            {
                case Number n:
                    coefficient *= n.Value;
                    break;
                case Product or Call { Function: FunctionKind.Exp }:
                    needsSecondPass = true;
                    builder.Add(factor);
                    break;
                default:
                    builder.Add(factor);
                    break;
            }
        }
        if (expArguments is not null)
        {
            var exp = Call(FunctionKind.Exp, Add(expArguments));
            if (exp is Number n)
            {
                coefficient *= n.Value;
            }
            else
            {
                builder.Add(exp);
            }
        }
        if (needsSecondPass)
        {
            builder.Add(new Number(coefficient));
            return MulMany(builder.ToArray().AsSpan());
        }
        if (coefficient.IsZero)
        {
            return Zero;
        }
        if (builder.Count == 0)
        {
            return new Number(coefficient);
        }
        if (builder.Count == 1 && coefficient.IsOne)
        {
            return builder[0];
        }
        builder.Sort(ExprOrder.Instance);
        if (!coefficient.IsOne)
        {
            builder.Insert(0, new Number(coefficient));
        }
        return new Product(builder.ToImmutable());
    }

    public static Expr Pow(Expr b, Expr e)
    {
        if (e is Number en)
        {
            var r = en.Value;
            if (r.IsZero)
            {
                return One;
            }
            if (r.IsOne)
            {
                return b;
            }
            switch (b)
            {
                case Number bn:
                    return PowNumber(bn.Value, r) ?? new Power(b, e);
                case Power inner when inner.Exponent is Number an:
                    return PowOfPower(inner.Base, an.Value, r) ?? new Power(b, e);
                case Power inner when r.IsInteger:
                    // (u^v)^n = u^(v n): where u < 0 the left side is real only for integer v.
                    return Pow(inner.Base, Mul(inner.Exponent, e));
                case Product p when r.IsInteger:
                    return Mul(p.Factors.Select(f => Pow(f, e)));
                case Product p when p.Factors[0] is Number { Value.Sign: > 0 } c:
                    // (c*u)^r = c^r * u^r for c > 0: both sides real exactly where u^r is.
                    return Mul(Pow(c, e), Pow(SplitCoefficient(p).Term, e));
                case Call { Function: FunctionKind.Abs } abs when r.IsEvenInteger:
                    return Pow(abs.Argument, e);
            }
        }
        switch (b)
        {
            case Number { Value.IsOne: true }:
                return One;
            case Constant { Kind: ConstantKind.E }:
                return Call(FunctionKind.Exp, e);
            case Call { Function: FunctionKind.Exp } exp:
                // exp(u)^v = exp(u v): exp(u) > 0.
                return Call(FunctionKind.Exp, Mul(exp.Argument, e));
        }
        return new Power(b, e);
    }

    private static Expr? PowNumber(Rational b, Rational r)
    {
        if (r.IsInteger)
        {
            return b.TryPow(r.Numerator) is { } v ? new Number(v) : null;
        }
        if (b.IsZero)
        {
            return r.Sign > 0 ? Zero : null;
        }
        if (b.Sign < 0 || r.Denominator > 64)
        {
            return null;
        }
        if (b.TryRoot((int)r.Denominator) is { } root)
        {
            return root.TryPow(r.Numerator) is { } v ? new Number(v) : null;
        }
        // 8^(1/2) stays a power, but pull out whole powers: 12^(3/2) -> 12*12^(1/2)
        var whole = BigInteger.Divide(r.Numerator, r.Denominator);
        if (r.Sign < 0)
        {
            whole -= 1;
        }
        if (whole.IsZero)
        {
            return null;
        }
        var fraction = r - new Rational(whole, BigInteger.One);
        return b.TryPow(whole) is { } w ? Mul(new Number(w), new Power(new Number(b), new Number(fraction))) : null;
    }

    // (u^a)^b with rational a, b, following the principal real branch.
    private static Expr? PowOfPower(Expr u, Rational a, Rational b)
    {
        if (b.IsInteger)
        {
            return Pow(u, new Number(a * b));
        }
        if (a.IsEvenInteger)
        {
            // (u^2)^(1/2) = |u|: the inner power is non-negative for every real u.
            return Pow(Call(FunctionKind.Abs, u), new Number(a * b));
        }
        // a odd or fractional, b fractional: the left side is real only where u >= 0, and there the
        // identity holds.
        return Pow(u, new Number(a * b));
    }

    private static bool HasNegativeCoefficient(Expr u) =>
        u is Number { Value.Sign: < 0 } || (u is Product p && p.Factors[0] is Number { Value.Sign: < 0 });

    public static Expr Call(FunctionKind f, Expr u)
    {
        switch (f)
        {
            case FunctionKind.Sqrt:
                return Pow(u, Half);
            case FunctionKind.Sec:
                return Pow(Call(FunctionKind.Cos, u), MinusOne);
            case FunctionKind.Csc:
                return Pow(Call(FunctionKind.Sin, u), MinusOne);
            case FunctionKind.Cot:
                return Mul(Call(FunctionKind.Cos, u), Pow(Call(FunctionKind.Sin, u), MinusOne));
            case FunctionKind.Exp:
                if (u is Number { Value.IsZero: true })
                {
                    return One;
                }
                if (u is Call { Function: FunctionKind.Log } log)
                {
                    return log.Argument;
                }
                break;
            case FunctionKind.Log:
                if (u is Number { Value.IsOne: true })
                {
                    return Zero;
                }
                if (u is Constant { Kind: ConstantKind.E })
                {
                    return One;
                }
                if (u is Call { Function: FunctionKind.Exp } exp)
                {
                    return exp.Argument;
                }
                break;
            case FunctionKind.Abs:
                switch (u)
                {
                    case Number n:
                        return new Number(n.Value.Abs());
                    case Constant:
                    case Call { Function: FunctionKind.Exp or FunctionKind.Abs or FunctionKind.Cosh }:
                        return u;
                    case Power { Exponent: Number { Value.IsEvenInteger: true } }:
                        return u;
                    case Product p when p.Factors[0] is Number c:
                        return Mul(new Number(c.Value.Abs()), Call(FunctionKind.Abs, SplitCoefficient(p).Term));
                }
                break;
            case FunctionKind.Cos or FunctionKind.Cosh:
                if (u is Number { Value.IsZero: true })
                {
                    return One;
                }
                if (HasNegativeCoefficient(u))
                {
                    return new Call(f, Neg(u));
                }
                break;
            case FunctionKind.Sin or FunctionKind.Tan or FunctionKind.Sinh or FunctionKind.Tanh
                or FunctionKind.Asin or FunctionKind.Atan:
                if (u is Number { Value.IsZero: true })
                {
                    return Zero;
                }
                if (HasNegativeCoefficient(u))
                {
                    return Neg(Call(f, Neg(u)));
                }
                break;
            case FunctionKind.Acos:
                break;
        }
        return new Call(f, u);
    }

    // Multiplies out products of sums and small integer powers of sums. Returns null when the
    // result would exceed maxTerms (the guard against expansion bombs such as (x+1)^1000). Sixty
    // such expansions in one answer still cost seconds, so each multiplication checks ct.
    public static Expr? Expand(Expr e, int maxTerms = 2000, CancellationToken ct = default)
    {
        switch (e)
        {
            case Number or Constant or Symbol:
                return e;
            case Sum s:
            {
                var terms = new List<Expr>(s.Terms.Length);
                foreach (var t in s.Terms)
                {
                    if (Expand(t, maxTerms, ct) is not { } x)
                    {
                        return null;
                    }
                    terms.Add(x);
                }
                return Add(terms);
            }
            case Product p:
            {
                Expr acc = One;
                foreach (var f in p.Factors)
                {
                    if (Expand(f, maxTerms, ct) is not { } x || MultiplyOut(acc, x, maxTerms, ct) is not { } next)
                    {
                        return null;
                    }
                    acc = next;
                }
                return acc;
            }
            case Power pw:
            {
                if (Expand(pw.Base, maxTerms, ct) is not { } b || Expand(pw.Exponent, maxTerms, ct) is not { } x)
                {
                    return null;
                }
                if (b is Sum && x is Number { Value: { IsInteger: true, Sign: > 0 } n } && n.Numerator <= 64)
                {
                    Expr acc = One;
                    for (var i = 0; i < (int)n.Numerator; i++)
                    {
                        if (MultiplyOut(acc, b, maxTerms, ct) is not { } next)
                        {
                            return null;
                        }
                        acc = next;
                    }
                    return acc;
                }
                return Pow(b, x);
            }
            case Call c:
                return Expand(c.Argument, maxTerms, ct) is { } a ? Call(c.Function, a) : null;
            default:
                return null;
        }
    }

    private static Expr? MultiplyOut(Expr a, Expr b, int maxTerms, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var left = a is Sum sa ? sa.Terms : [a];
        var right = b is Sum sb ? sb.Terms : [b];
        if ((long)left.Length * right.Length > maxTerms)
        {
            return null;
        }
        var products = new Expr[left.Length * right.Length];
        var k = 0;
        foreach (var l in left)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var r in right)
            {
                products[k++] = Mul(l, r);
            }
        }
        return Add(products);
    }

    // No variable anywhere: the value is the same at every point (or undefined at every point).
    public bool IsConstant => this switch
    {
        Number or Constant => true,
        Symbol => false,
        Power p => p.Base.IsConstant && p.Exponent.IsConstant,
        Product p => p.Factors.All(f => f.IsConstant),
        Sum s => s.Terms.All(t => t.IsConstant),
        Call c => c.Argument.IsConstant,
        _ => throw new UnreachableException(),
    };

    public bool DependsOn(string variable) => this switch
    {
        Number or Constant => false,
        Symbol s => s.Name == variable,
        Power p => p.Base.DependsOn(variable) || p.Exponent.DependsOn(variable),
        Product p => p.Factors.Any(f => f.DependsOn(variable)),
        Sum s => s.Terms.Any(t => t.DependsOn(variable)),
        Call c => c.Argument.DependsOn(variable),
        _ => throw new UnreachableException(),
    };

    public Expr Substitute(IReadOnlyDictionary<string, Expr> values) => this switch
    {
        Number or Constant => this,
        Symbol s => values.TryGetValue(s.Name, out var v) ? v : this,
        Power p => Pow(p.Base.Substitute(values), p.Exponent.Substitute(values)),
        Product p => Mul(p.Factors.Select(f => f.Substitute(values))),
        Sum s => Add(s.Terms.Select(t => t.Substitute(values))),
        Call c => Call(c.Function, c.Argument.Substitute(values)),
        _ => throw new UnreachableException(),
    };

    public int NodeCount() => this switch
    {
        Number or Constant or Symbol => 1,
        Power p => 1 + p.Base.NodeCount() + p.Exponent.NodeCount(),
        Product p => 1 + p.Factors.Sum(f => f.NodeCount()),
        Sum s => 1 + s.Terms.Sum(t => t.NodeCount()),
        Call c => 1 + c.Argument.NodeCount(),
        _ => throw new UnreachableException(),
    };
}
