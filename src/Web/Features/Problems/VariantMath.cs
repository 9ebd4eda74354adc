using GraderHub.Grading.Feedback;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;

namespace GraderHub.Web.Features.Problems;

// An answer tried against a variant without storing anything (the author's preview).
public sealed record TrialGrade(GradeVerdict Verdict, double Score, string Feedback, string? Diagnosis, AnswerPreview Reading);

// What staff pages show of one variant: an answer as the engine read it (LaTeX), the reference
// answer, a trial grade. The staff pages reach the engine's facade only through here, so a change
// of that facade touches one file.
public static class VariantMath
{
    // The answer as LaTeX through the problem's own reader (vectors, matrices, point sets too);
    // null when it does not read (the page then shows the text as typed).
    public static string? AnswerLatex(ProblemDefinition? problem, int seed, string answer) =>
        problem is null ? null : problem.Variant(seed).Preview(answer) is { Ok: true, Latex: { } latex } ? latex : null;

    public static ReferenceAnswer Reference(ProblemDefinition problem, int seed) => problem.Variant(seed).Reference();

    public static RenderedProblem Render(ProblemDefinition problem, int seed) => problem.Variant(seed).Render();

    public static TrialGrade Try(ProblemDefinition problem, int seed, string answer)
    {
        var variant = problem.Variant(seed);
        // Words, as a student would read it before the solution is released.
        var grade = variant.Grade(answer, FeedbackDetail.Words);
        return new TrialGrade(grade.Verdict, grade.Score, grade.Feedback, grade.Diagnosis, variant.Preview(answer));
    }
}
