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
            var variant = Variant.Build(spec, seed);
            return new ReferenceAnswer(true, ExprPrinter.ToLatex(variant.Reference), ExprPrinter.ToText(variant.Reference), null);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new ReferenceAnswer(false, null, null, Failure.Describe(ex, "The reference answer cannot be computed."));
        }
    }
}
