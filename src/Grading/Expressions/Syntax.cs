namespace GraderHub.Grading.Expressions;

// 0-based character span in the student's text; columns shown to people are Start + 1.
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
    public static TextSpan FromBounds(int start, int end) => new(start, end - start);
}

public enum BinaryOperator { Add, Subtract, Multiply, ImplicitMultiply, Divide, Power }

public enum NameKind { Variable, Constant }

// The syntax tree keeps what was typed and where; lowering turns it into an Expr.
public abstract record SyntaxNode(TextSpan Span);

public sealed record NumberSyntax(TextSpan Span, string Text, Rational Value) : SyntaxNode(Span)
{
    public bool IsDecimal => Text.Contains('.', StringComparison.Ordinal) || Text.Contains('e', StringComparison.OrdinalIgnoreCase);
}

public sealed record NameSyntax(TextSpan Span, string Name, NameKind Kind) : SyntaxNode(Span);

public sealed record NegateSyntax(TextSpan Span, SyntaxNode Operand) : SyntaxNode(Span);

public sealed record BinarySyntax(TextSpan Span, BinaryOperator Operator, SyntaxNode Left, SyntaxNode Right, TextSpan OperatorSpan)
    : SyntaxNode(Span);

// `sin^2(x)` has Power 2; `sin x` has Parenthesized false.
public sealed record CallSyntax(TextSpan Span, FunctionKind Function, string Name, SyntaxNode Argument, SyntaxNode? Power, bool Parenthesized)
    : SyntaxNode(Span);

public sealed record AbsSyntax(TextSpan Span, SyntaxNode Argument) : SyntaxNode(Span);

public sealed record GroupSyntax(TextSpan Span, SyntaxNode Inner) : SyntaxNode(Span);

public sealed record ParseError(string Message, int Column, int Length = 1)
{
    // The message with a caret line under the offending text, for plain-text displays.
    public string WithCaret(string text)
    {
        var line = text.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
        return Message + "\n" + line + "\n" + new string(' ', Math.Max(0, Column - 1)) + new string('^', Math.Max(1, Length));
    }
}
