using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Answers;

// One expression graded by the equivalence engine against the reference; a wrong one is diagnosed
// by the problem kind (a derivative's slips differ from a Taylor polynomial's).
public sealed class ExpressionAnswer(PreparedReference reference, Func<ParsedExpression, CancellationToken, Diagnosis> diagnose) : IAnswer
{
    public PreparedReference Reference { get; } = reference;

    public GradeResult Grade(string? answer, CancellationToken ct = default)
    {
        var (parsed, error) = ExpressionReading.Read(answer, Reference.Variables);
        if (parsed is null)
        {
            return new GradeResult(GradeVerdict.Invalid, 0, error!.Message, error.Column)
            {
                Diagnosis = error.Message.StartsWith("Unknown variable", StringComparison.Ordinal) ? DiagnosisKind.UnknownVariable : null,
            };
        }
        if (Reference.ValidPoints < EquivalenceChecker.MinimumPoints)
        {
            return new GradeResult(GradeVerdict.Undetermined, 0, "This problem cannot be graded automatically; your answer will be reviewed.", null);
        }
        var result = EquivalenceChecker.Check(Reference, parsed, ct);
        return result.Verdict switch
        {
            EquivalenceVerdict.Equivalent => new GradeResult(GradeVerdict.Correct, 1, "Correct.", null),
            EquivalenceVerdict.NotEquivalent => Incorrect(parsed, result, ct),
            EquivalenceVerdict.Invalid => new GradeResult(GradeVerdict.Invalid, 0, result.Reason, result.ErrorColumn),
            EquivalenceVerdict.Undetermined => new GradeResult(GradeVerdict.Undetermined, 0,
                "Your answer could not be decided automatically (" + LowerFirst(result.Reason) + "); it will be reviewed.", null),
        };
    }

    private GradeResult Incorrect(ParsedExpression parsed, EquivalenceResult result, CancellationToken ct)
    {
        var diagnosis = diagnose(parsed, ct);
        var feedback = diagnosis.Kind == DiagnosisKind.None
            ? "Not correct: " + LowerFirst(result.Reason)
            : "Not correct. " + diagnosis.Feedback;
        return new GradeResult(GradeVerdict.Incorrect, 0, feedback, null) { Diagnosis = diagnosis.Kind };
    }

    public AnswerPreview Preview(string? answer) => PreviewOf(answer, Reference.Variables);

    // The plain expression preview (`POST /api/preview`): the same reading as an expression answer.
    public static AnswerPreview PreviewOf(string? answer, IReadOnlyList<string> variables)
    {
        var (parsed, error) = ExpressionReading.Read(answer, variables);
        return parsed is null
            ? AnswerPreview.Fail(error!.Message, error.Column)
            : AnswerPreview.Read(SyntaxPrinter.ToLatex(parsed.Syntax), SyntaxPrinter.ToText(parsed.Syntax));
    }

    private static string LowerFirst(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}
