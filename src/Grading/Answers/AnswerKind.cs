namespace GraderHub.Grading.Answers;

// The shapes of answer a student types. Closed: a new shape is a new reader, previewer and box,
// and every switch below says what it is.
public enum AnswerKind { Expression, Number, Vector, Matrix, PointSet, Sequence, Classification }

// The answer box as the student sees it: what stands before it (f'(x) =, J =), an example inside it,
// and the syntax help under it.
public sealed record AnswerBox(string Prefix, string Placeholder, string SyntaxHelp);

public static class AnswerKinds
{
    public const string ExpressionSyntaxHelp =
        "Type an expression such as 3x^2 + 2 sin(x) or exp(-x)/(1+x). Multiplication: * or nothing (2x, x(x+1)); "
        + "powers: ^ or **; functions: sin cos tan sec csc cot asin acos atan sinh cosh tanh exp log (natural, also ln) sqrt abs; "
        + "constants: pi, e. 1/2x means (1/2)*x. See the answer syntax guide for details.";

    // The name in the JSON API and the page (stable: clients switch on it).
    public static string Name(this AnswerKind kind) => kind switch
    {
        AnswerKind.Expression => "expression",
        AnswerKind.Number => "number",
        AnswerKind.Vector => "vector",
        AnswerKind.Matrix => "matrix",
        AnswerKind.PointSet => "point-set",
        AnswerKind.Sequence => "sequence",
        AnswerKind.Classification => "classification",
    };

    public static string SyntaxHelp(this AnswerKind kind) => kind switch
    {
        AnswerKind.Expression => ExpressionSyntaxHelp,
        AnswerKind.Number => NumberAnswer.SyntaxHelp,
        AnswerKind.Vector => ArrayAnswer.VectorSyntaxHelp,
        AnswerKind.Matrix => ArrayAnswer.MatrixSyntaxHelp,
        AnswerKind.PointSet => PointSetAnswer.SyntaxHelp,
        AnswerKind.Sequence => IterateSequenceAnswer.SyntaxHelp,
        AnswerKind.Classification => ClassificationAnswer.SyntaxHelp,
    };

    public static string Placeholder(this AnswerKind kind) => kind switch
    {
        AnswerKind.Expression => "e.g. 3x^2 cos(x) - 2",
        AnswerKind.Number => "e.g. 0.7071 or sqrt(2)/2",
        AnswerKind.Vector => "e.g. (2x y, x^2)",
        AnswerKind.Matrix => "e.g. [[1, 2], [3, 4]]",
        AnswerKind.PointSet => "e.g. {(1, 2), (-1, -2)}",
        AnswerKind.Sequence => "e.g. 1.5, 1.4167, 1.4142",
        AnswerKind.Classification => "e.g. {(0, 0): saddle, (1, 1): minimum}",
    };

    public static AnswerBox Box(this AnswerKind kind, string prefix) => new(prefix, kind.Placeholder(), kind.SyntaxHelp());
}
