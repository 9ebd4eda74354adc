using System.Collections.Immutable;

namespace GraderHub.Grading.Expressions;

public enum ConstantKind { Pi, E }

// Every function the parser accepts. Sqrt is lowered to a power and sec/csc/cot to reciprocals in
// canonical form; the raw (unsimplified) form keeps them so evaluation follows what was typed.
public enum FunctionKind
{
    Sin, Cos, Tan, Sec, Csc, Cot, Asin, Acos, Atan, Sinh, Cosh, Tanh, Exp, Log, Sqrt, Abs,
}

// The canonical expression. Build through the smart constructors on Expr (Add, Mul, Pow, Call, ...)
// which flatten, fold constants, merge like terms and sort; the node constructors are internal so
// that only lowering of raw (unsimplified) trees for evaluation can bypass them.
public abstract partial record Expr
{
    private protected Expr() { }

    public static readonly Expr Zero = new Number(Rational.Zero);
    public static readonly Expr One = new Number(Rational.One);
    public static readonly Expr MinusOne = new Number(Rational.MinusOne);
    public static readonly Expr Half = new Number(Rational.Half);
    public static readonly Expr Pi = new Constant(ConstantKind.Pi);
    public static readonly Expr E = new Constant(ConstantKind.E);

    public abstract int Rank { get; }

    public override string ToString() => ExprPrinter.ToText(this);
}

public sealed record Number : Expr
{
    internal Number(Rational value) => Value = value;
    public Rational Value { get; }
    public override int Rank => 0;
    public override string ToString() => ExprPrinter.ToText(this);
}

public sealed record Constant : Expr
{
    internal Constant(ConstantKind kind) => Kind = kind;
    public ConstantKind Kind { get; }
    public override int Rank => 1;
    public override string ToString() => ExprPrinter.ToText(this);
}

public sealed record Symbol : Expr
{
    internal Symbol(string name) => Name = name;
    public string Name { get; }
    public override int Rank => 2;
    public override string ToString() => ExprPrinter.ToText(this);
}

public sealed record Power : Expr
{
    internal Power(Expr @base, Expr exponent)
    {
        Base = @base;
        Exponent = exponent;
    }
    public Expr Base { get; }
    public Expr Exponent { get; }
    public override int Rank => 3;
    public override string ToString() => ExprPrinter.ToText(this);
}

public sealed record Product : Expr
{
    internal Product(ImmutableArray<Expr> factors)
    {
        Factors = factors;
        _hash = SequenceHash(factors, 17);
    }
    private readonly int _hash;
    public ImmutableArray<Expr> Factors { get; }
    public override int Rank => 4;

    // A record compares an ImmutableArray by reference; operands are compared element-wise.
    public bool Equals(Product? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && SequenceEqual(Factors, other.Factors)));
    public override int GetHashCode() => _hash;
    public override string ToString() => ExprPrinter.ToText(this);

    internal static int SequenceHash(ImmutableArray<Expr> items, int seed)
    {
        var h = new HashCode();
        h.Add(seed);
        foreach (var item in items)
        {
            h.Add(item);
        }
        return h.ToHashCode();
    }

    internal static bool SequenceEqual(ImmutableArray<Expr> a, ImmutableArray<Expr> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (var i = 0; i < a.Length; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }
        return true;
    }
}

public sealed record Sum : Expr
{
    internal Sum(ImmutableArray<Expr> terms)
    {
        Terms = terms;
        _hash = Product.SequenceHash(terms, 31);
    }
    private readonly int _hash;
    public ImmutableArray<Expr> Terms { get; }
    public override int Rank => 5;

    public bool Equals(Sum? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && Product.SequenceEqual(Terms, other.Terms)));
    public override int GetHashCode() => _hash;
    public override string ToString() => ExprPrinter.ToText(this);
}

public sealed record Call : Expr
{
    internal Call(FunctionKind function, Expr argument)
    {
        Function = function;
        Argument = argument;
    }
    public FunctionKind Function { get; }
    public Expr Argument { get; }
    public override int Rank => 6;
    public override string ToString() => ExprPrinter.ToText(this);
}

// The one total order used to sort commutative operands.
public sealed class ExprOrder : IComparer<Expr>
{
    public static readonly ExprOrder Instance = new();

    public int Compare(Expr? a, Expr? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }
        if (a is null)
        {
            return -1;
        }
        if (b is null)
        {
            return 1;
        }
        var byRank = a.Rank.CompareTo(b.Rank);
        if (byRank != 0)
        {
            return byRank;
        }
        return (a, b) switch
        {
            (Number x, Number y) => x.Value.CompareTo(y.Value),
            (Constant x, Constant y) => x.Kind.CompareTo(y.Kind),
            (Symbol x, Symbol y) => string.CompareOrdinal(x.Name, y.Name),
            (Power x, Power y) => CompareThen(Compare(x.Base, y.Base), x.Exponent, y.Exponent),
            (Product x, Product y) => CompareSequences(x.Factors, y.Factors),
            (Sum x, Sum y) => CompareSequences(x.Terms, y.Terms),
            (Call x, Call y) => CompareThen(x.Function.CompareTo(y.Function), x.Argument, y.Argument),
            _ => 0,
        };
    }

    private int CompareThen(int first, Expr a, Expr b) => first != 0 ? first : Compare(a, b);

    private int CompareSequences(ImmutableArray<Expr> a, ImmutableArray<Expr> b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return a.Length.CompareTo(b.Length);
    }
}
