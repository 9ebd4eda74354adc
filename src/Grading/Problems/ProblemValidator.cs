using System.Globalization;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;

namespace GraderHub.Grading.Problems;

public sealed record ValidationIssue(string ProblemKey, int? Seed, string Message)
{
    public override string ToString() =>
        Seed is { } s ? $"{ProblemKey} (seed {s.ToString(CultureInfo.InvariantCulture)}): {Message}" : $"{ProblemKey}: {Message}";
}

// Authoring checks that need the engine, per seed: a variant can be built, its reference can grade,
// its statement and hint have no {{name}} left over, and the author's self-tests, typed as a student
// would, preview and grade as the author says, with the expected diagnosis.
public static class ProblemValidator
{
    public static IReadOnlyList<ValidationIssue> Validate(ProblemDefinition problem, IReadOnlyList<int> seeds)
    {
        var issues = new List<ValidationIssue>();
        foreach (var seed in seeds)
        {
            try
            {
                ValidateVariant(problem, problem.Variant(seed), issues);
            }
            catch (Exception ex) when (Expressions.Failure.IsRecoverable(ex))
            {
                issues.Add(new ValidationIssue(problem.Key, seed, "The variant cannot be built: " + ex.Message));
            }
        }
        return issues;
    }

    private static void ValidateVariant(ProblemDefinition problem, Variant variant, List<ValidationIssue> issues)
    {
        void Issue(string message) => issues.Add(new ValidationIssue(problem.Key, variant.Seed, message));
        if (variant.Failure is { } failure)
        {
            Issue("Authoring error: no variant can be computed: " + failure);
            return;
        }
        if (variant.AuthoringIssue is { } issue)
        {
            Issue("Authoring error: " + issue + ".");
            return;
        }
        var unfilled = variant.UnfilledPlaceholders(out var where);
        if (unfilled.Count > 0)
        {
            Issue($"Authoring error: the {where} keeps {string.Join(", ", unfilled)}: no parameter or value of this kind has that name.");
        }
        if (variant.StatesPrecisionByHand)
        {
            Issue("Authoring error: the statement states a precision in its own words; write {{precision}} instead, which says what the tolerance accepts.");
        }
        foreach (var test in variant.SelfTests)
        {
            var result = variant.Grade(test.Answer);
            if (test.ShouldBeCorrect)
            {
                if (result.Verdict != GradeVerdict.Correct)
                {
                    Issue($"Self-test '{test.Template}' should be correct but was {result.Verdict}: {result.Feedback}");
                }
                else if (variant.Preview(test.Answer) is { Ok: false } preview)
                {
                    Issue($"Self-test '{test.Template}' grades as correct but the preview refuses it as typed ('{test.Answer}'): {preview.Error}");
                }
                continue;
            }
            var partialAllowed = variant.AnswerKind != AnswerKind.Expression;
            if (result.Verdict is not (GradeVerdict.Incorrect or GradeVerdict.Invalid) && !(partialAllowed && result.Verdict == GradeVerdict.PartiallyCorrect))
            {
                Issue($"Self-test '{test.Template}' should be wrong but was {result.Verdict}" + (partialAllowed ? $": {result.Feedback}" : "."));
            }
            else if ((result.Diagnosis ?? DiagnosisKind.None) != test.Diagnosis)
            {
                Issue($"Self-test '{test.Template}' should be diagnosed '{test.Diagnosis}' but was '{result.Diagnosis ?? DiagnosisKind.None}'.");
            }
        }
    }
}
