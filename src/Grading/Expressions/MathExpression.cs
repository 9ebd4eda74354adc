namespace GraderHub.Grading.Expressions;

// A successfully read expression: the syntax tree (for preview and feedback), the raw tree (for
// evaluation, exactly as typed) and the canonical tree (for algebra), computed on first use.
public sealed class ParsedExpression
{
    private Expr? _canonical;
    private Expr? _raw;

    internal ParsedExpression(string text, SyntaxNode syntax, IReadOnlyList<string> variables)
    {
        Text = text;
        Syntax = syntax;
        Variables = variables;
    }

    public string Text { get; }
    public SyntaxNode Syntax { get; }
    public IReadOnlyList<string> Variables { get; }
    public Expr Canonical => _canonical ??= Lowering.Canonical(Syntax);
    public Expr Raw => _raw ??= Lowering.Raw(Syntax);

    public bool ContainsDecimal => ContainsDecimalLiteral(Syntax);

    private static bool ContainsDecimalLiteral(SyntaxNode node) => node switch
    {
        NumberSyntax n => n.IsDecimal,
        NameSyntax => false,
        NegateSyntax n => ContainsDecimalLiteral(n.Operand),
        BinarySyntax b => ContainsDecimalLiteral(b.Left) || ContainsDecimalLiteral(b.Right),
        CallSyntax c => ContainsDecimalLiteral(c.Argument),
        AbsSyntax a => ContainsDecimalLiteral(a.Argument),
        GroupSyntax g => ContainsDecimalLiteral(g.Inner),
        _ => false,
    };
}

public sealed record ParseOutcome(ParsedExpression? Expression, ParseError? Error)
{
    public bool Succeeded => Expression is not null;
}

public static class MathExpression
{
    // Parses and checks the guards. Never throws.
    public static ParseOutcome Parse(string? text, IReadOnlyList<string> variables, ParseOptions? options = null)
    {
        try
        {
            var result = Parser.Parse(text, variables, options);
            if (result.Syntax is null)
            {
                return new ParseOutcome(null, result.Error ?? new ParseError("The answer could not be read.", 1));
            }
            if (Lowering.CheckGuards(result.Syntax) is { } guard)
            {
                return new ParseOutcome(null, guard);
            }
            return new ParseOutcome(new ParsedExpression(text!, result.Syntax, variables), null);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new ParseOutcome(null, new ParseError(Failure.Describe(ex, "The answer is too complex to read."), 1));
        }
    }

    // Parses and returns the canonical form, or null.
    public static Expr? ParseCanonical(string text, IReadOnlyList<string> variables) =>
        Parse(text, variables).Expression?.Canonical;
}
