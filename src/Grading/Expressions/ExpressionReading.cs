namespace GraderHub.Grading.Expressions;

// Reading what a student typed as one expression, the rule every road shares (the plain preview,
// expression answers, every entry of a structured answer): it parses, and it is not a constant
// that has no value anywhere (1/0, log(0), 0^(-1)), which no point of any domain could rescue.
public static class ExpressionReading
{
    public const string UndefinedEverywhere =
        "has no value (a division by zero, a logarithm of 0 or of a negative number, 0 to a negative power, or the like); it cannot be graded.";

    public static (ParsedExpression? Expression, ParseError? Error) Read(string? text, IReadOnlyList<string> variables)
    {
        var outcome = MathExpression.Parse(text, variables);
        if (outcome.Expression is not { } parsed)
        {
            return (null, outcome.Error ?? new ParseError("The answer cannot be read.", 1));
        }
        return IsUndefinedConstant(parsed.Raw)
            ? (null, new ParseError($"'{parsed.Text.Trim()}' {UndefinedEverywhere}", 1))
            : (parsed, null);
    }

    // Raw, not canonical: evaluation follows what was typed.
    public static bool IsUndefinedConstant(Expr e) =>
        e.IsConstant && CompiledExpr.Compile(e, []).Evaluate([]).Status == EvalStatus.Undefined;
}
