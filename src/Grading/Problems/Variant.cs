using System.Globalization;
using System.Text.RegularExpressions;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Feedback;
using GraderHub.Grading.Problems.Kinds;

namespace GraderHub.Grading.Problems;

// Parameter values for a seed. Candidate 0 is the draw every variant had before conditions
// existed, so stored seeds keep their variant; a rejected candidate moves on to the next one derived
// from the same seed, so the choice stays deterministic.
internal static class VariantDraw
{
    public const int MaxCandidates = 64;

    public static SplitMix64 Rng(ProblemSpec spec, int seed, int candidate)
    {
        var baseSeed = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ SplitMix64.Hash(spec.Key);
        return new SplitMix64(baseSeed ^ ((ulong)candidate * 0xD1B54A32D192ED03UL));
    }

    public static Dictionary<string, Rational> Values(ProblemSpec spec, ref SplitMix64 rng)
    {
        var values = new Dictionary<string, Rational>(StringComparer.Ordinal);
        foreach (var p in spec.Parameters)
        {
            values[p.Name] = p.Draw(ref rng);
        }
        return values;
    }

    // The comparison conditions (a > 0, b^2 - 4c != 0) on the drawn parameters.
    public static bool ComparisonsHold(ProblemSpec spec, IReadOnlyDictionary<string, Rational> values)
    {
        var names = values.Keys.ToList();
        var substitution = Substitution(values);
        return spec.Conditions.Where(c => !spec.KindOf.NamedConditions.Contains(c))
            .All(c => Conditions.Holds(c, names, e => Evaluate(e.Substitute(substitution))));
    }

    public static Dictionary<string, Expr> Substitution(IReadOnlyDictionary<string, Rational> values) =>
        values.ToDictionary(kv => kv.Key, kv => Expr.Num(kv.Value), StringComparer.Ordinal);

    public static double Evaluate(Expr constant)
    {
        var result = CompiledExpr.Compile(constant, []).Evaluate([]);
        return result.Status == EvalStatus.Ok ? result.Value : double.NaN;
    }
}

// One student's version of a problem: the parameter values drawn for the seed, the statement's
// placeholders, and the answer box the kind built with the engine's reference. Every road (page,
// API, preview, grading job, regrade, validation, demo history) asks the variant; none of them
// knows the kind. A variant that cannot be built (no parameter values satisfy the conditions, a
// solver fails for all of them) still renders, previews and grades, with Failure saying why.
public sealed partial class Variant
{
    private readonly ProblemSpec _spec;
    private readonly IReadOnlyDictionary<string, Rational> _values;
    private readonly IReadOnlyDictionary<string, string> _placeholders;
    private readonly KindAnswer? _answer;
    private IReadOnlyList<SelfTest>? _selfTests;
    private Func<string?>? _worked;
    private ProblemSolution? _solution;

    private Variant(ProblemSpec spec, int seed, IReadOnlyDictionary<string, Rational> values, IReadOnlyDictionary<string, string> placeholders,
        KindAnswer? answer, string? failure)
    {
        _spec = spec;
        Seed = seed;
        _values = values;
        _placeholders = placeholders;
        _answer = answer;
        Failure = failure;
    }

    public int Seed { get; }

    // Why no variant could be computed for this seed; null when it was.
    public string? Failure { get; }

    public AnswerKind AnswerKind => _answer?.Answer.Kind ?? AnswerKind.Expression;

    public AnswerBox Box => _answer is { } a ? a.Answer.Kind.Box(a.Prefix) : AnswerKind.Expression.Box("=");

    // The reference as text (null when the variant cannot be built): what `graderhub reference` prints.
    public string? ReferenceText => _answer?.Answer.Reference;

    // The tolerance the answer's numbers are graded with (null for expression answers).
    internal NumericTolerance? Tolerance => _answer?.Answer.Tolerance;

    // Set when the reference cannot grade anything; the validator reports it as an authoring error.
    internal string? AuthoringIssue => _answer?.Answer.AuthoringIssue;

    internal static Variant Build(ProblemSpec spec, int seed)
    {
        string? failure = null;
        for (var candidate = 0; candidate < VariantDraw.MaxCandidates; candidate++)
        {
            var rng = VariantDraw.Rng(spec, seed, candidate);
            var values = VariantDraw.Values(spec, ref rng);
            if (!VariantDraw.ComparisonsHold(spec, values))
            {
                failure = "no parameter values satisfy the conditions";
                continue;
            }
            try
            {
                var builder = new VariantBuilder(spec, values, rng);
                if (spec.KindOf.Function == FunctionRole.Expression)
                {
                    builder.Placeholders["f"] = ExprPrinter.ToLatex(builder.Function);
                }
                var built = spec.Kind.Build(builder);
                if (built.Succeeded)
                {
                    if (built.Value.Answer.Tolerance is { } tolerance)
                    {
                        builder.Placeholders[PrecisionPlaceholder] = Precision.Of(tolerance).Words;
                    }
                    return new Variant(spec, seed, values, builder.Placeholders, built.Value, null)
                    {
                        _worked = () => spec.Kind.WorkedSolution(builder),
                    };
                }
                failure = built.Failure.Message;
            }
            catch (Exception ex) when (Expressions.Failure.IsRecoverable(ex))
            {
                failure = ex.Message;
            }
        }
        var drawn = VariantDraw.Rng(spec, seed, 0);
        return new Variant(spec, seed, VariantDraw.Values(spec, ref drawn), new Dictionary<string, string>(StringComparer.Ordinal), null, failure);
    }

    public RenderedProblem Render()
    {
        if (_answer is not { } answer)
        {
            return new RenderedProblem(_spec.Title, "This problem cannot be shown: no variant could be computed (" + Failure + ").",
                AnswerKind.Expression, [], Box, null);
        }
        return new RenderedProblem(_spec.Title, Substitute(StatementWithPrecision(answer)), answer.Answer.Kind, answer.Answer.Variables, Box,
            _spec.Hint is null ? null : Substitute(_spec.Hint));
    }

    public ReferenceAnswer Reference()
    {
        if (_answer is not { } answer)
        {
            return new ReferenceAnswer(false, null, null, Failure ?? "The reference answer cannot be computed.");
        }
        // Shown the way a student's answer of this kind is previewed, unless the kind has a better form.
        var latex = answer.Answer.ReferenceLatex ?? (answer.Answer.Preview(answer.Answer.Reference) is { Ok: true } preview ? preview.Latex : null);
        return new ReferenceAnswer(true, latex, answer.Answer.Reference, null);
    }

    // The author's solution (its placeholders filled) and the engine's worked solution, both
    // Markdown; built on first request (a page that may show it), never on the grading path.
    public ProblemSolution Solution()
    {
        if (_solution is { } cached)
        {
            return cached;
        }
        string? worked = null;
        try
        {
            worked = _worked?.Invoke();
        }
        catch (Exception ex) when (Expressions.Failure.IsRecoverable(ex))
        {
            // A derivation too large to write out: the author's solution (if any) still shows.
        }
        return _solution = new ProblemSolution(_spec.Solution is null || _answer is null ? null : Substitute(_spec.Solution), worked, ReferenceText);
    }

    // How the answer is read, through this variant's answer kind: what the live preview shows and
    // what decides at submit time whether an answer is well-formed (an error costs no attempt).
    public AnswerPreview Preview(string? answer) =>
        _answer is { } a ? a.Answer.Preview(answer) : StructuredPreview.Preview(answer, _spec.Variables);

    // ct: the grading's time limit (SubmissionGrader); a cancelled grading throws
    // OperationCanceledException and gives no verdict. detail: whether the feedback may show the
    // expected values (only where the solution may be shown); words otherwise.
    public GradeResult Grade(string? answer, FeedbackDetail detail, CancellationToken ct = default)
    {
        var result = GradeCore(answer, ct);
        var feedback = detail switch
        {
            FeedbackDetail.Words => result.Feedback,
            FeedbackDetail.Values => result.FeedbackWithValues ?? result.Feedback,
        };
        return result with { Feedback = feedback, FeedbackWithValues = null };
    }

    // Words: what a student may always be shown.
    public GradeResult Grade(string? answer, CancellationToken ct = default) => Grade(answer, FeedbackDetail.Words, ct);

    private GradeResult GradeCore(string? answer, CancellationToken ct)
    {
        if (_answer is not { } a)
        {
            return new GradeResult(GradeVerdict.Undetermined, 0, "This problem cannot be graded automatically (" + Failure + "); your answer will be reviewed.", null);
        }
        var result = a.Answer.Grade(answer, ct);
        return a.Answer.Kind switch
        {
            // Expression answers carry the equivalence engine's own diagnoses.
            AnswerKind.Expression => result,
            AnswerKind.Number or AnswerKind.Vector or AnswerKind.Matrix or AnswerKind.PointSet or AnswerKind.Sequence or AnswerKind.Classification => result.Verdict switch
            {
                GradeVerdict.Invalid => result with { Diagnosis = StructuredDiagnosis.Invalid },
                // A named slip (SlipKind) says more than 'partial'.
                GradeVerdict.PartiallyCorrect => result with { Diagnosis = result.Diagnosis ?? StructuredDiagnosis.Partial },
                GradeVerdict.Correct or GradeVerdict.Incorrect or GradeVerdict.Undetermined => result,
            },
        };
    }

    // {{precision}}: the words Precision makes from the tolerance the answer is graded with. A
    // numeric answer's statement always states it: where the author did not place it, it is added
    // as a sentence of its own, so no statement is silent about what grading accepts.
    public const string PrecisionPlaceholder = "precision";

    private string StatementWithPrecision(KindAnswer answer) =>
        answer.Answer.Tolerance is { } tolerance && !Placeholder().Matches(_spec.Statement).Any(m => m.Groups[1].Value == PrecisionPlaceholder)
            ? _spec.Statement.TrimEnd() + "\n\n" + Precision.Of(tolerance).Sentence
            : _spec.Statement;

    // Precision written by hand ("5 significant figures", "4 decimal places") instead of
    // {{precision}}: the validator refuses it, since such words drift from the tolerance.
    internal bool StatesPrecisionByHand => _answer?.Answer.Tolerance is not null && HandWrittenPrecision().IsMatch(_spec.Statement);

    // The author's self-tests as answers for this variant, typed as a student would type them.
    public IReadOnlyList<SelfTest> SelfTests => _selfTests ??=
    [
        .. _spec.CorrectTests.Select(t => new SelfTest(t, Concrete(t), true, null)),
        .. _spec.WrongTests.Select(t => new SelfTest(t.Answer, Concrete(t.Answer), false, t.Diagnosis)),
    ];

    // {{name}} left in the statement or hint after substitution: a name neither the kind nor the
    // parameters define.
    public IReadOnlyList<string> UnfilledPlaceholders(out string? where)
    {
        where = null;
        if (_answer is null)
        {
            return [];
        }
        var statement = Placeholder().Matches(Substitute(_spec.Statement)).Select(m => m.Value).ToList();
        var hint = _spec.Hint is null ? [] : Placeholder().Matches(Substitute(_spec.Hint)).Select(m => m.Value).ToList();
        where = statement.Count > 0 ? (hint.Count > 0 ? "statement and hint" : "statement") : hint.Count > 0 ? "hint" : null;
        return [.. statement.Concat(hint).Distinct(StringComparer.Ordinal)];
    }

    private string Substitute(string text) => Placeholder().Replace(text, m =>
    {
        var name = m.Groups[1].Value;
        return _placeholders.TryGetValue(name, out var shown) ? shown
            : _values.TryGetValue(name, out var v) ? FormatValue(v) : m.Value;
    });

    // A self-test with this variant's values. Expression answers: parameters become their exact
    // values in the syntax tree, printed back as text. Other answers: {{ref}} is the reference
    // rounded to 7 significant figures (so a correct test is still typed differently from the
    // reference), and each parameter name its value.
    private string Concrete(string template)
    {
        // (A template that does not parse, such as a test with an unknown variable, falls through
        // to the textual substitution so that only its own mistake remains.)
        if (AnswerKind == AnswerKind.Expression && MathExpression.Parse(template, _spec.FunctionVariables).Expression is { } e)
        {
            return SyntaxPrinter.ToText(SyntaxSubstitution.Substitute(e.Syntax, _values));
        }
        var rounded = NumberPattern().Replace(ReferenceText ?? "", m =>
            double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v.ToString("G7", CultureInfo.InvariantCulture) : m.Value);
        var text = template.Replace("{{ref}}", rounded, StringComparison.Ordinal);
        foreach (var (name, value) in _values)
        {
            text = Regex.Replace(text, $"(?<![A-Za-z_]){Regex.Escape(name)}(?![A-Za-z0-9_])", "(" + value.ToDouble().ToString("R", CultureInfo.InvariantCulture) + ")");
        }
        return text;
    }

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

    [GeneratedRegex(@"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"significant\s+(figure|digit)|decimal\s+place|\bs\.\s?f\.|\bd\.\s?p\.", RegexOptions.IgnoreCase)]
    private static partial Regex HandWrittenPrecision();

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();
}
