using System.Globalization;
using System.Numerics;

namespace GraderHub.Grading.Expressions;

// Exact rational number, always normalised (lowest terms, positive denominator) so that
// structural equality of expressions is value equality of their coefficients.
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    public static readonly Rational Zero = new(BigInteger.Zero, BigInteger.One, normalised: true);
    public static readonly Rational One = new(BigInteger.One, BigInteger.One, normalised: true);
    public static readonly Rational MinusOne = new(BigInteger.MinusOne, BigInteger.One, normalised: true);
    public static readonly Rational Half = new(BigInteger.One, new BigInteger(2), normalised: true);

    // Numbers past this many bits are refused by the guards: they only come from exponent bombs.
    public const int MaxBits = 4096;

    private Rational(BigInteger numerator, BigInteger denominator, bool normalised)
    {
        _ = normalised;
        Numerator = numerator;
        Denominator = denominator;
    }

    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("Rational with zero denominator.");
        }
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsOne && !g.IsZero)
        {
            numerator /= g;
            denominator /= g;
        }
        Numerator = numerator;
        Denominator = denominator.IsZero ? BigInteger.One : denominator;
    }

    public static Rational FromInt(long value) => new(new BigInteger(value), BigInteger.One, normalised: true);

    public bool IsZero => Numerator.IsZero;
    public bool IsOne => Numerator.IsOne && Denominator.IsOne;
    public bool IsMinusOne => Numerator == BigInteger.MinusOne && Denominator.IsOne;
    public bool IsInteger => Denominator.IsOne;
    public int Sign => Numerator.Sign;
    public bool IsEvenInteger => Denominator.IsOne && Numerator.IsEven;
    public bool IsOddInteger => Denominator.IsOne && !Numerator.IsEven;
    public long BitSize => Numerator.GetBitLength() + Denominator.GetBitLength();

    public Rational Abs() => Numerator.Sign < 0 ? new Rational(-Numerator, Denominator, normalised: true) : this;

    public static Rational operator +(Rational a, Rational b) =>
        a.Denominator == b.Denominator
            ? new Rational(a.Numerator + b.Numerator, a.Denominator)
            : new Rational(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) => a + (-b);
    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator, normalised: true);
    public static Rational operator *(Rational a, Rational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    public static Rational operator /(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public Rational Reciprocal() => new(Denominator, Numerator);

    // Integer power; null when the result would exceed the size guard.
    public Rational? TryPow(BigInteger exponent)
    {
        if (exponent.IsZero)
        {
            return One;
        }
        if (IsZero)
        {
            return exponent.Sign > 0 ? Zero : null;
        }
        if ((Numerator.IsOne || Numerator == BigInteger.MinusOne) && Denominator.IsOne)
        {
            return Numerator.IsOne || exponent.IsEven ? One : MinusOne;
        }
        var magnitude = BigInteger.Abs(exponent);
        if (magnitude * Math.Max(Numerator.GetBitLength(), Denominator.GetBitLength()) > MaxBits)
        {
            return null;
        }
        var e = (int)magnitude;
        var result = new Rational(BigInteger.Pow(Numerator, e), BigInteger.Pow(Denominator, e));
        return exponent.Sign < 0 ? result.Reciprocal() : result;
    }

    // Exact q-th root of a non-negative rational, or null when it is not rational.
    public Rational? TryRoot(int q)
    {
        if (Sign < 0 || q <= 0)
        {
            return null;
        }
        var n = IntegerRoot(Numerator, q);
        var d = IntegerRoot(Denominator, q);
        return n is { } a && d is { } b ? new Rational(a, b) : null;
    }

    private static BigInteger? IntegerRoot(BigInteger value, int q)
    {
        if (value.IsZero || value.IsOne)
        {
            return value;
        }
        if (value.GetBitLength() > 2048)
        {
            return null;
        }
        var guess = new BigInteger(Math.Round(Math.Pow((double)value, 1.0 / q)));
        for (var delta = -1; delta <= 1; delta++)
        {
            var candidate = guess + delta;
            if (candidate.Sign >= 0 && BigInteger.Pow(candidate, q) == value)
            {
                return candidate;
            }
        }
        return null;
    }

    public double ToDouble()
    {
        if (Denominator.IsOne)
        {
            return (double)Numerator;
        }
        var n = (double)Numerator;
        var d = (double)Denominator;
        if (double.IsFinite(n) && double.IsFinite(d))
        {
            return n / d;
        }
        // Huge numerator and denominator: scale both down before dividing.
        var shift = (int)Math.Max(0, Math.Max(Numerator.GetBitLength(), Denominator.GetBitLength()) - 1000);
        return (double)(Numerator >> shift) / (double)(Denominator >> shift);
    }

    // Parses an unsigned decimal literal exactly: "12", "0.5", ".25", "1.5e-3", "2E10".
    public static bool TryParseDecimal(string text, out Rational value)
    {
        value = Zero;
        var mantissaEnd = text.IndexOfAny(['e', 'E']);
        var mantissa = mantissaEnd < 0 ? text : text[..mantissaEnd];
        var exponent = 0;
        if (mantissaEnd >= 0)
        {
            var expText = text[(mantissaEnd + 1)..];
            if (!int.TryParse(expText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || Math.Abs(exponent) > 300)
            {
                return false;
            }
        }
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        if (digits.Length == 0 || digits.Length > 400)
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        var scale = dot < 0 ? 0 : mantissa.Length - dot - 1;
        var numerator = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var power = exponent - scale;
        value = power >= 0
            ? new Rational(numerator * BigInteger.Pow(10, power), BigInteger.One)
            : new Rational(numerator, BigInteger.Pow(10, -power));
        return true;
    }

    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public int CompareTo(Rational other) =>
        Denominator == other.Denominator
            ? Numerator.CompareTo(other.Numerator)
            : (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public override string ToString() =>
        Denominator.IsOne
            ? Numerator.ToString(CultureInfo.InvariantCulture)
            : Numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);
}
