using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Problems;

// One student's version of a problem: parameter values drawn for the seed, the function with them
// substituted, and the engine's reference answer.
internal sealed record Variant(ProblemSpec Spec, IReadOnlyDictionary<string, Rational> Values, Expr Function, Expr Reference)
{
    public static Variant Build(ProblemSpec spec, int seed)
    {
        // Candidate 0 is the only draw when no condition rejects it, as before conditions existed.
        Exception? last = null;
        for (var candidate = 0; candidate < VariantDraw.MaxCandidates; candidate++)
        {
            var rng = VariantDraw.Rng(spec, seed, candidate);
            var values = VariantDraw.Values(spec, ref rng);
            if (!VariantDraw.ComparisonsHold(spec, values))
            {
                continue;
            }
            try
            {
                return Build(spec, values);
            }
            catch (Exception ex) when (Failure.IsRecoverable(ex))
            {
                last = ex;
            }
        }
        throw new InvalidOperationException("No variant satisfies the problem's conditions" + (last is null ? "." : ": " + last.Message), last);
    }

    private static Variant Build(ProblemSpec spec, Dictionary<string, Rational> values)
    {
        var parsed = MathExpression.Parse(spec.Function, spec.FunctionVariables).Expression
            ?? throw new InvalidOperationException("The function was checked when the spec was read.");
        var substitution = VariantDraw.Substitution(values);
        var function = parsed.Canonical.Substitute(substitution);
        var reference = spec.IsTaylor ? Expansion(spec, function, substitution, spec.Order) : Differentiator.Differentiate(function, spec.Wrt);
        return new Variant(spec, values, function, reference);
    }

    // The expansion point with this variant's parameter values (or the origin, for diagnosis).
    private static Dictionary<string, Expr> Point(ProblemSpec spec, IReadOnlyDictionary<string, Expr> substitution, bool atOrigin) =>
        spec.At.ToDictionary(kv => kv.Key,
            kv => atOrigin ? Expr.Zero : MathExpression.Parse(kv.Value, [.. substitution.Keys]).Expression!.Canonical.Substitute(substitution),
            StringComparer.Ordinal);

    private static Expr Expansion(ProblemSpec spec, Expr function, IReadOnlyDictionary<string, Expr> substitution, int order)
    {
        var result = Taylor.Expand(function, Point(spec, substitution, atOrigin: false), order);
        return result.Polynomial ?? throw new InvalidOperationException("The Taylor polynomial cannot be computed: " + result.Error);
    }

    // The same expansion at another order or about the origin, for diagnosing a wrong answer.
    public Expr? Alternative(int order, bool atOrigin)
    {
        if (order < 0 || order > Taylor.MaxOrder)
        {
            return null;
        }
        var substitution = Values.ToDictionary(kv => kv.Key, kv => Expr.Num(kv.Value), StringComparer.Ordinal);
        return Taylor.Expand(Function, Point(Spec, substitution, atOrigin), order).Polynomial;
    }

    // Sample where the function itself is real too: a derivative's formula can be real where the
    // function is not. A Taylor polynomial is real everywhere and is compared everywhere.
    public PreparedReference Prepare() =>
        new(Reference, Reference, Spec.Variables, Spec.EquivalenceOptions, Spec.IsTaylor ? [] : [Function]);
}

public static partial class ProblemGrading
{
    // Bump when grading behaviour changes, so stored grades say which engine produced them.
    public const string GraderVersion = "engine-1.1.0";

    public const string AnswerSyntaxHelpText =
        "Type an expression such as 3x^2 + 2 sin(x) or exp(-x)/(1+x). Multiplication: * or nothing (2x, x(x+1)); "
        + "powers: ^ or **; functions: sin cos tan sec csc cot asin acos atan sinh cosh tanh exp log (natural, also ln) sqrt abs; "
        + "constants: pi, e. 1/2x means (1/2)*x. See the answer syntax guide for details.";

    // Parsed specs by their YAML text. Deterministic (the text fully defines the spec), bounded.
    private static readonly ConcurrentDictionary<string, ProblemSpec?> Specs = new(StringComparer.Ordinal);

    internal static ProblemSpec? Spec(ProblemDefinition problem)
    {
        if (problem?.SpecYaml is null)
        {
            return null;
        }
        if (Specs.TryGetValue(problem.SpecYaml, out var cached))
        {
            return cached;
        }
        var spec = ProblemReader.ReadSpec(problem.SpecYaml, problem.Key, []);
        if (Specs.Count > 4096)
        {
            Specs.Clear();
        }
        Specs[problem.SpecYaml] = spec;
        return spec;
    }

    public static RenderedProblem Render(ProblemDefinition problem, int seed)
    {
        try
        {
            if (Spec(problem) is not { } spec)
            {
                return new RenderedProblem(problem.Title, "This problem cannot be shown: its definition has errors.", "expression", [], AnswerSyntaxHelpText, null);
            }
            if (!spec.IsExpression)
            {
                return RenderStructured(problem, spec, seed);
            }
            var variant = Variant.Build(spec, seed);
            string Substitute(string text) => Placeholder().Replace(text, m =>
            {
                var name = m.Groups[1].Value;
                if (name == "f")
                {
                    return ExprPrinter.ToLatex(variant.Function);
                }
                if (name == "order")
                {
                    return spec.Order.ToString(CultureInfo.InvariantCulture);
                }
                return variant.Values.TryGetValue(name, out var v) ? FormatValue(v) : m.Value;
            });
            return new RenderedProblem(spec.Title, Substitute(spec.Statement), "expression", spec.Variables, AnswerSyntaxHelpText,
                spec.Hint is null ? null : Substitute(spec.Hint));
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new RenderedProblem(problem.Title, "This problem cannot be shown: " + Failure.Describe(ex, ex.Message), "expression", [], AnswerSyntaxHelpText, null);
        }
    }

    private static RenderedProblem RenderStructured(ProblemDefinition problem, ProblemSpec spec, int seed)
    {
        if (StructuredVariant.Build(spec, seed, out var failure) is not { } variant)
        {
            return new RenderedProblem(problem.Title, "This problem cannot be shown: no variant could be computed (" + failure + ").", "expression", [], AnswerSyntaxHelpText, null);
        }
        var statement = Placeholder().Replace(spec.Statement, m =>
        {
            var name = m.Groups[1].Value;
            return variant.Placeholders.TryGetValue(name, out var text) ? text
                : variant.Values.TryGetValue(name, out var v) ? FormatValue(v) : m.Value;
        });
        return new RenderedProblem(spec.Title, statement, variant.Answer.AnswerKind, variant.Answer.Variables, variant.Answer.SyntaxHelp, spec.Hint);
    }

    // The variant's reference answer as text, for instructors and `graderhub reference`; null with
    // a reason when the problem cannot be built for this seed.
    public static string? ReferenceAnswer(ProblemDefinition problem, int seed, out string? error)
    {
        error = null;
        try
        {
            if (Spec(problem) is not { } spec)
            {
                error = "the problem's definition has errors";
                return null;
            }
            if (spec.IsExpression)
            {
                return ExprPrinter.ToText(Variant.Build(spec, seed).Reference);
            }
            var variant = StructuredVariant.Build(spec, seed, out var failure);
            error = failure;
            return variant?.Answer.Reference;
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            error = Failure.Describe(ex, ex.Message);
            return null;
        }
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();

    // 3 -> "3", 1/2 -> "0.5", 1/3 -> "\frac{1}{3}" (statements are LaTeX).
    internal static string FormatValue(Rational v)
    {
        if (v.IsInteger)
        {
            return v.ToString();
        }
        var d = v.Denominator;
        while (d % 2 == 0)
        {
            d /= 2;
        }
        while (d % 5 == 0)
        {
            d /= 5;
        }
        if (d.IsOne)
        {
            return ((decimal)(double)v.Numerator / (decimal)(double)v.Denominator).ToString(CultureInfo.InvariantCulture);
        }
        return (v.Sign < 0 ? "-" : "") + "\\frac{" + v.Numerator.ToString().TrimStart('-') + "}{" + v.Denominator + "}";
    }

    public static AnswerPreview Preview(ProblemDefinition problem, int seed, string answer)
    {
        try
        {
            var spec = Spec(problem);
            if (spec is { IsExpression: false })
            {
                // The structured preview needs no reference; only whether entries are expressions.
                IReadOnlyList<string> variables = spec.Kind is ProblemSpec.GradientKind or ProblemSpec.JacobianKind or ProblemSpec.HessianKind && spec.Structured.At is null
                    ? spec.Variables : [];
                return Answers.StructuredPreview.Preview(answer, variables);
            }
            return PreviewExpression(answer, spec?.Variables ?? []);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new AnswerPreview(false, null, null, Failure.Describe(ex, "The answer cannot be read."), 1);
        }
    }

    public static AnswerPreview PreviewExpression(string answer, IReadOnlyList<string> variables)
    {
        try
        {
            var parsed = MathExpression.Parse(answer, variables ?? []);
            if (parsed.Expression is not { } e)
            {
                return new AnswerPreview(false, null, null, parsed.Error?.Message ?? "The answer cannot be read.", parsed.Error?.Column ?? 1);
            }
            return new AnswerPreview(true, SyntaxPrinter.ToLatex(e.Syntax), SyntaxPrinter.ToText(e.Syntax), null, null);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new AnswerPreview(false, null, null, Failure.Describe(ex, "The answer cannot be read."), 1);
        }
    }

    public static GradeResult Grade(ProblemDefinition problem, int seed, string answer)
    {
        try
        {
            if (Spec(problem) is not { } spec)
            {
                return new GradeResult(GradeVerdict.Undetermined, 0, "This problem's definition has errors; your answer will be reviewed.", null);
            }
            if (!spec.IsExpression)
            {
                return GradeStructured(spec, seed, answer);
            }
            var parsed = MathExpression.Parse(answer, spec.Variables);
            if (parsed.Expression is not { } expression)
            {
                var error = parsed.Error!;
                return new GradeResult(GradeVerdict.Invalid, 0, error.Message, error.Column)
                {
                    Diagnosis = error.Message.StartsWith("Unknown variable", StringComparison.Ordinal) ? DiagnosisKind.UnknownVariable : null,
                };
            }
            return GradeParsed(Variant.Build(spec, seed), expression);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new GradeResult(GradeVerdict.Undetermined, 0,
                Failure.Describe(ex, "Your answer could not be checked automatically; it will be reviewed."), null);
        }
    }

    internal static GradeResult GradeStructured(ProblemSpec spec, int seed, string? answer)
    {
        if (StructuredVariant.Build(spec, seed, out var failure) is not { } variant)
        {
            return new GradeResult(GradeVerdict.Undetermined, 0, "This problem cannot be graded automatically (" + failure + "); your answer will be reviewed.", null);
        }
        return WithDiagnosis(variant.Answer.Grade(answer));
    }

    internal static GradeResult WithDiagnosis(GradeResult result) => result.Verdict switch
    {
        GradeVerdict.Invalid => result with { Diagnosis = StructuredDiagnosis.Invalid },
        GradeVerdict.PartiallyCorrect => result with { Diagnosis = StructuredDiagnosis.Partial },
        _ => result,
    };

    internal static GradeResult GradeParsed(Variant variant, ParsedExpression answer)
    {
        var reference = variant.Prepare();
        if (reference.ValidPoints < EquivalenceChecker.MinimumPoints)
        {
            return new GradeResult(GradeVerdict.Undetermined, 0, "This problem cannot be graded automatically; your answer will be reviewed.", null);
        }
        var result = EquivalenceChecker.Check(reference, answer);
        switch (result.Verdict)
        {
            case EquivalenceVerdict.Equivalent:
                return new GradeResult(GradeVerdict.Correct, 1, "Correct.", null);
            case EquivalenceVerdict.NotEquivalent:
            {
                var diagnosis = variant.Spec.IsTaylor
                    ? Diagnoser.DiagnoseTaylor(reference, answer, variant.Function, variant.Spec.Order, variant.Alternative)
                    : Diagnoser.Diagnose(reference, answer, variant.Function, variant.Spec.Wrt);
                var feedback = diagnosis.Kind == DiagnosisKind.None
                    ? "Not correct: " + LowerFirst(result.Reason)
                    : "Not correct. " + diagnosis.Feedback;
                return new GradeResult(GradeVerdict.Incorrect, 0, feedback, null) { Diagnosis = diagnosis.Kind };
            }
            case EquivalenceVerdict.Invalid:
                return new GradeResult(GradeVerdict.Invalid, 0, result.Reason, result.ErrorColumn);
            default:
                return new GradeResult(GradeVerdict.Undetermined, 0,
                    "Your answer could not be decided automatically (" + LowerFirst(result.Reason) + "); it will be reviewed.", null);
        }
    }

    private static string LowerFirst(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}
