using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Problems;

// The reference answer of one variant, for authors previewing a problem (never shown to students).
public sealed record ReferenceAnswer(bool Ok, string? Latex, string? Text, string? Error);

public static partial class ProblemGrading
{
    public static ReferenceAnswer Reference(ProblemDefinition problem, int seed)
    {
        try
        {
            if (Spec(problem) is not { } spec)
            {
                return new ReferenceAnswer(false, null, null, "The problem's definition has errors.");
            }
            if (!spec.IsExpression)
            {
                // Vectors, matrices, points, iterates and fitted values come from the structured
                // variant (the solvers); show them the way a student's answer would be previewed.
                if (ReferenceAnswer(problem, seed, out var error) is not { } text)
                {
                    return new ReferenceAnswer(false, null, null, error ?? "The reference answer cannot be computed.");
                }
                var preview = Answers.StructuredPreview.Preview(text, spec.Variables);
                return new ReferenceAnswer(true, preview.Ok ? preview.Latex : null, text, null);
            }
            var variant = Variant.Build(spec, seed);
            return new ReferenceAnswer(true, ExprPrinter.ToLatex(variant.Reference), ExprPrinter.ToText(variant.Reference), null);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new ReferenceAnswer(false, null, null, Failure.Describe(ex, "The reference answer cannot be computed."));
        }
    }
}
