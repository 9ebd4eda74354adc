namespace GraderHub.Grading.Expressions;

// Rebuilds a syntax tree with some leaves replaced (parameter names by values, typed decimals by
// the simple fraction they stand for), keeping spans so errors and previews still point right.
public static class SyntaxRewriter
{
    public static SyntaxNode ReplaceLeaves(SyntaxNode node, Func<SyntaxNode, SyntaxNode?> replace) => node switch
    {
        NumberSyntax or NameSyntax => replace(node) ?? node,
        NegateSyntax n => n with { Operand = ReplaceLeaves(n.Operand, replace) },
        BinarySyntax b => b with { Left = ReplaceLeaves(b.Left, replace), Right = ReplaceLeaves(b.Right, replace) },
        CallSyntax c => c with { Argument = ReplaceLeaves(c.Argument, replace) },
        AbsSyntax a => a with { Argument = ReplaceLeaves(a.Argument, replace) },
        GroupSyntax g => g with { Inner = ReplaceLeaves(g.Inner, replace) },
        _ => node,
    };

    // The fraction with the smallest denominator (at most 1000) within a relative tolerance of a
    // typed decimal: 0.333 -> 1/3 at 5e-3; the decimal itself when none is closer to simple.
    public static Rational SimplestNear(Rational value, double relativeTolerance)
    {
        var x = value.ToDouble();
        for (var q = 1; q <= 1000; q++)
        {
            var p = Math.Round(x * q);
            if (Math.Abs(p / q - x) <= relativeTolerance * Math.Abs(x))
            {
                return new Rational(new System.Numerics.BigInteger(p), q);
            }
        }
        return value;
    }

    public static ParsedExpression WithSimpleFractions(ParsedExpression parsed, double relativeTolerance)
    {
        var rewritten = ReplaceLeaves(parsed.Syntax, leaf => leaf is NumberSyntax { IsDecimal: true } n
            ? new GroupSyntax(n.Span, new NumberSyntax(n.Span, n.Text, SimplestNear(n.Value, relativeTolerance)))
            : null);
        return new ParsedExpression(parsed.Text, rewritten, parsed.Variables);
    }
}
