using System.Globalization;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Problems;

public sealed record ValidationIssue(string ProblemKey, int? Seed, string Message)
{
    public override string ToString() =>
        Seed is { } s ? $"{ProblemKey} (seed {s.ToString(CultureInfo.InvariantCulture)}): {Message}" : $"{ProblemKey}: {Message}";
}

// Authoring checks that need the engine: every variant has a reference that is real on most of its
// domain, and the author's self-tests grade as the author says, with the expected diagnosis.
public static class ProblemValidator
{
    public static IReadOnlyList<ValidationIssue> Validate(ProblemDefinition problem, IReadOnlyList<int> seeds)
    {
        var issues = new List<ValidationIssue>();
        var errors = new List<SpecError>();
        var spec = ProblemReader.ReadSpec(problem.SpecYaml, problem.Key, errors);
        if (spec is null)
        {
            issues.AddRange(errors.Select(e => new ValidationIssue(problem.Key, null, e.ToString())));
            return issues;
        }
        foreach (var seed in seeds)
        {
            try
            {
                ValidateVariant(spec, seed, issues);
            }
            catch (Exception ex) when (Failure.IsRecoverable(ex))
            {
                issues.Add(new ValidationIssue(spec.Key, seed, "The variant cannot be built: " + ex.Message));
            }
        }
        return issues;
    }

    private static void ValidateVariant(ProblemSpec spec, int seed, List<ValidationIssue> issues)
    {
        if (!spec.IsExpression)
        {
            ValidateStructured(spec, seed, issues);
            return;
        }
        var variant = Variant.Build(spec, seed);
        var reference = variant.Prepare();
        if (reference.ValidPoints < EquivalenceChecker.MinimumPoints)
        {
            issues.Add(new ValidationIssue(spec.Key, seed,
                $"Authoring error: the reference derivative is undefined almost everywhere on the domain (real at {reference.ValidPoints} of {reference.Attempts} sample points)."));
            return;
        }
        foreach (var correct in spec.CorrectTests)
        {
            var result = GradeTest(spec, variant, correct);
            if (result.Verdict != GradeVerdict.Correct)
            {
                issues.Add(new ValidationIssue(spec.Key, seed, $"Self-test '{correct}' should be correct but was {result.Verdict}: {result.Feedback}"));
            }
        }
        foreach (var wrong in spec.WrongTests)
        {
            var result = GradeTest(spec, variant, wrong.Answer);
            if (result.Verdict is not (GradeVerdict.Incorrect or GradeVerdict.Invalid))
            {
                issues.Add(new ValidationIssue(spec.Key, seed, $"Self-test '{wrong.Answer}' should be wrong but was {result.Verdict}."));
            }
            else if ((result.Diagnosis ?? DiagnosisKind.None) != wrong.Diagnosis)
            {
                issues.Add(new ValidationIssue(spec.Key, seed,
                    $"Self-test '{wrong.Answer}' should be diagnosed '{wrong.Diagnosis}' but was '{result.Diagnosis ?? DiagnosisKind.None}'."));
            }
        }
    }

    private static void ValidateStructured(ProblemSpec spec, int seed, List<ValidationIssue> issues)
    {
        if (StructuredVariant.Build(spec, seed, out var failure) is not { } variant)
        {
            issues.Add(new ValidationIssue(spec.Key, seed, "Authoring error: no variant can be computed: " + failure));
            return;
        }
        if (spec.CorrectTests.Count == 0 && spec.WrongTests.Count == 0)
        {
            return;
        }
        foreach (var correct in spec.CorrectTests)
        {
            var result = ProblemGrading.WithDiagnosis(variant.Answer.Grade(variant.ExpandTest(correct)));
            if (result.Verdict != GradeVerdict.Correct)
            {
                issues.Add(new ValidationIssue(spec.Key, seed, $"Self-test '{correct}' should be correct but was {result.Verdict}: {result.Feedback}"));
            }
        }
        foreach (var wrong in spec.WrongTests)
        {
            var result = ProblemGrading.WithDiagnosis(variant.Answer.Grade(variant.ExpandTest(wrong.Answer)));
            if (result.Verdict is not (GradeVerdict.Incorrect or GradeVerdict.Invalid or GradeVerdict.PartiallyCorrect))
            {
                issues.Add(new ValidationIssue(spec.Key, seed, $"Self-test '{wrong.Answer}' should be wrong but was {result.Verdict}: {result.Feedback}"));
            }
            else if ((result.Diagnosis ?? DiagnosisKind.None) != wrong.Diagnosis)
            {
                issues.Add(new ValidationIssue(spec.Key, seed,
                    $"Self-test '{wrong.Answer}' should be diagnosed '{wrong.Diagnosis}' but was '{result.Diagnosis ?? DiagnosisKind.None}'."));
            }
        }
    }

    // Self-test answers may use the parameter names; they are replaced by this variant's values.
    private static GradeResult GradeTest(ProblemSpec spec, Variant variant, string answer)
    {
        var parsed = MathExpression.Parse(answer, spec.FunctionVariables);
        if (parsed.Expression is not { } e)
        {
            var error = parsed.Error!;
            return new GradeResult(GradeVerdict.Invalid, 0, error.Message, error.Column)
            {
                Diagnosis = error.Message.StartsWith("Unknown variable", StringComparison.Ordinal) ? DiagnosisKind.UnknownVariable : null,
            };
        }
        var substituted = SyntaxSubstitution.Substitute(e.Syntax, variant.Values);
        var withValues = new ParsedExpression(answer, substituted, spec.Variables);
        return ProblemGrading.GradeParsed(variant, withValues);
    }
}
