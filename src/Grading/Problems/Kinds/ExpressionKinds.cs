using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Problems.Kinds;

// What the kinds answered by one expression share: the reference prepared for the equivalence
// engine, its text and LaTeX, and the check that it is real on enough of the domain to grade.
internal static class ExpressionKinds
{
    public static PreparedAnswer Answer(VariantBuilder variant, Expr reference, IReadOnlyList<Expr> sampleWhereReal, Func<PreparedReference, ParsedExpression, CancellationToken, Diagnosis> diagnose, string what)
    {
        var prepared = new PreparedReference(reference, reference, variant.Variables, variant.Spec.EquivalenceOptions, sampleWhereReal);
        return new PreparedAnswer(AnswerKind.Expression, ExprPrinter.ToText(reference), new ExpressionAnswer(prepared, (a, ct) => diagnose(prepared, a, ct)), variant.Variables)
        {
            ReferenceLatex = ExprPrinter.ToLatex(reference),
            AuthoringIssue = prepared.ValidPoints < EquivalenceChecker.MinimumPoints
                ? $"the reference {what} is undefined almost everywhere on the domain (real at {prepared.ValidPoints} of {prepared.Attempts} sample points)"
                : null,
        };
    }

    public static string Arguments(IReadOnlyList<string> variables) => string.Join(", ", variables);
}
