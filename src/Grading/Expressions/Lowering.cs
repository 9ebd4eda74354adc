using System.Collections.Immutable;
using System.Diagnostics;

namespace GraderHub.Grading.Expressions;

// Turns a syntax tree into an Expr: canonical (through the smart constructors) for algebra, or raw
// (nodes exactly as typed) for evaluation, so that probing sees the domain the student wrote.
public static class Lowering
{
    // Integer exponents past this are refused: they only come from exponent bombs such as 9^9^9^9.
    public const int MaxExponent = 1000;

    public static Expr Canonical(SyntaxNode node) => Lower(node, canonical: true);

    public static Expr Raw(SyntaxNode node) => Lower(node, canonical: false);

    // Reports numeric exponents that are too large before anything tries to fold them.
    public static ParseError? CheckGuards(SyntaxNode node)
    {
        switch (node)
        {
            case NumberSyntax or NameSyntax:
                return null;
            case NegateSyntax n:
                return CheckGuards(n.Operand);
            case GroupSyntax g:
                return CheckGuards(g.Inner);
            case AbsSyntax a:
                return CheckGuards(a.Argument);
            case CallSyntax c:
                return CheckGuards(c.Argument);
            case BinarySyntax b:
                if (CheckGuards(b.Left) is { } left)
                {
                    return left;
                }
                if (CheckGuards(b.Right) is { } right)
                {
                    return right;
                }
                if (b.Operator == BinaryOperator.Power && ConstantValue(b.Right, 0) is { } exponent && exponent.Abs() > Rational.FromInt(MaxExponent))
                {
                    return new ParseError($"The exponent is too large (at most {MaxExponent} in absolute value).", b.OperatorSpan.Start + 1, Math.Max(1, b.OperatorSpan.Length));
                }
                return null;
            default:
                throw new UnreachableException();
        }
    }

    // The exact value of a constant numeric sub-expression, or null when it is not one (or too big).
    private static Rational? ConstantValue(SyntaxNode node, int depth)
    {
        if (depth > 200)
        {
            return null;
        }
        switch (node)
        {
            case NumberSyntax n:
                return n.Value;
            case GroupSyntax g:
                return ConstantValue(g.Inner, depth + 1);
            case NegateSyntax n:
                return ConstantValue(n.Operand, depth + 1) is { } v ? -v : null;
            case BinarySyntax b:
            {
                if (ConstantValue(b.Left, depth + 1) is not { } l || ConstantValue(b.Right, depth + 1) is not { } r)
                {
                    return null;
                }
                return b.Operator switch
                {
                    BinaryOperator.Add => l + r,
                    BinaryOperator.Subtract => l - r,
                    BinaryOperator.Multiply or BinaryOperator.ImplicitMultiply => l * r,
                    BinaryOperator.Divide => r.IsZero ? null : l / r,
                    // An exponent that is itself too large is reported by its own check; treat a
                    // huge tower as huge.
                    BinaryOperator.Power => r.IsInteger && BigIntegerAbsLessThan(r, MaxExponent)
                        ? l.TryPow(r.Numerator) ?? Rational.FromInt(long.MaxValue)
                        : r.IsInteger ? Rational.FromInt(long.MaxValue) : null,
                    _ => null,
                };
            }
            default:
                return null;
        }
    }

    private static bool BigIntegerAbsLessThan(Rational r, int limit) => System.Numerics.BigInteger.Abs(r.Numerator) <= limit;

    private static Expr Lower(SyntaxNode node, bool canonical)
    {
        switch (node)
        {
            case NumberSyntax n:
                return Expr.Num(n.Value);
            case NameSyntax { Kind: NameKind.Constant } c:
                return c.Name == "pi" ? Expr.Pi : Expr.E;
            case NameSyntax v:
                return Expr.Sym(v.Name);
            case GroupSyntax g:
                return Lower(g.Inner, canonical);
            case NegateSyntax n:
            {
                var operand = Lower(n.Operand, canonical);
                return canonical ? Expr.Neg(operand) : new Product([Expr.MinusOne, operand]);
            }
            case AbsSyntax a:
            {
                var argument = Lower(a.Argument, canonical);
                return canonical ? Expr.Call(FunctionKind.Abs, argument) : new Call(FunctionKind.Abs, argument);
            }
            case CallSyntax c:
            {
                var argument = Lower(c.Argument, canonical);
                var call = canonical ? Expr.Call(c.Function, argument) : new Call(c.Function, argument);
                if (c.Power is null)
                {
                    return call;
                }
                var power = Lower(c.Power, canonical);
                return canonical ? Expr.Pow(call, power) : new Power(call, power);
            }
            case BinarySyntax b:
            {
                var l = Lower(b.Left, canonical);
                var r = Lower(b.Right, canonical);
                if (canonical)
                {
                    return b.Operator switch
                    {
                        BinaryOperator.Add => Expr.Add(l, r),
                        BinaryOperator.Subtract => Expr.Sub(l, r),
                        BinaryOperator.Multiply or BinaryOperator.ImplicitMultiply => Expr.Mul(l, r),
                        BinaryOperator.Divide => Expr.Div(l, r),
                        BinaryOperator.Power => Expr.Pow(l, r),
                    };
                }
                return b.Operator switch
                {
                    BinaryOperator.Add => new Sum([l, r]),
                    BinaryOperator.Subtract => new Sum([l, new Product([Expr.MinusOne, r])]),
                    BinaryOperator.Multiply or BinaryOperator.ImplicitMultiply => new Product([l, r]),
                    BinaryOperator.Divide => new Product([l, new Power(r, Expr.MinusOne)]),
                    BinaryOperator.Power => new Power(l, r),
                };
            }
            default:
                throw new UnreachableException();
        }
    }
}
