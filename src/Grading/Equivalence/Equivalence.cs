using System.Globalization;
using System.Text;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Equivalence;

public enum EquivalenceVerdict { Equivalent, NotEquivalent, Undetermined, Invalid }

public readonly record struct Interval(double Low, double High);

public sealed record EquivalenceOptions
{
    public static readonly EquivalenceOptions Default = new();

    // Per-variable sampling intervals; variables not listed use the default mixture.
    public IReadOnlyDictionary<string, Interval>? Domain { get; init; }
    // Author option: a decimal the student typed counts as the simplest fraction (denominator at
    // most 1000) within this relative tolerance, so 0.333 is 1/3. Off by default: decimals are exact.
    public bool AcceptDecimals { get; init; }
    public double DecimalRelativeTolerance { get; init; } = 5e-3;
    public int Points { get; init; } = 24;
    public int MaxAttempts { get; init; } = 400;
    public ulong Seed { get; init; } = 0x5EED_6A0D_E4C0_FFEEUL;
}

public sealed record EquivalenceResult(
    EquivalenceVerdict Verdict,
    string Reason,
    IReadOnlyDictionary<string, double>? Witness = null,
    int? ErrorColumn = null,
    bool Proven = false)
{
    public string VerdictName => Verdict switch
    {
        EquivalenceVerdict.Equivalent => "equivalent",
        EquivalenceVerdict.NotEquivalent => "not_equivalent",
        EquivalenceVerdict.Undetermined => "undetermined",
        EquivalenceVerdict.Invalid => "invalid",
    };
}

// The reference side of a check, prepared once: canonical form, compiled evaluator, and the
// sample points of its real domain with the reference values there.
public sealed class PreparedReference
{
    public Expr Canonical { get; }
    public Expr Evaluated { get; }
    public IReadOnlyList<string> Variables { get; }
    public CompiledExpr Program { get; }
    internal double[][] Points { get; }
    internal Evaluation[] Values { get; }
    public int Attempts { get; }
    public EquivalenceOptions Options { get; }

    public int ValidPoints => Points.Length;

    // `evaluated` is what defines the domain and values (the raw tree as typed, or an engine result);
    // `domainGuards` are further expressions that must be real at a sample point (e.g. the function
    // whose derivative the reference is).
    public PreparedReference(Expr canonical, Expr evaluated, IReadOnlyList<string> variables, EquivalenceOptions? options = null,
        IReadOnlyList<Expr>? domainGuards = null)
    {
        Options = options ?? EquivalenceOptions.Default;
        Canonical = canonical;
        Evaluated = evaluated;
        Variables = variables;
        Program = CompiledExpr.Compile(evaluated, variables);
        var guards = domainGuards?.Select(g => CompiledExpr.Compile(g, variables)).ToArray() ?? [];
        var rng = new SplitMix64(Options.Seed ^ (ulong)variables.Count);
        var points = new List<double[]>(Options.Points);
        var values = new List<Evaluation>(Options.Points);
        var attempts = 0;
        while (attempts < Options.MaxAttempts && points.Count < Options.Points)
        {
            attempts++;
            var point = new double[variables.Count];
            for (var i = 0; i < point.Length; i++)
            {
                point[i] = Options.Domain is not null && Options.Domain.TryGetValue(variables[i], out var interval)
                    ? rng.NextDouble(interval.Low, interval.High)
                    : SampleDefault(ref rng);
            }
            var r = Program.Evaluate(point);
            if (r.Status != EvalStatus.Ok)
            {
                continue;
            }
            var guarded = true;
            foreach (var g in guards)
            {
                if (g.Evaluate(point).Status != EvalStatus.Ok)
                {
                    guarded = false;
                    break;
                }
            }
            if (guarded)
            {
                points.Add(point);
                values.Add(r);
            }
        }
        Points = points.ToArray();
        Values = values.ToArray();
        Attempts = attempts;
    }

    // A mixture of scales: most points of moderate size, some small, some larger, never integers
    // in practice (so identities that hold only at integers, like sin(pi x) = 0, are caught).
    private static double SampleDefault(ref SplitMix64 rng)
    {
        var u = rng.NextDouble();
        return u switch
        {
            < 0.45 => rng.NextDouble(-2.5, 2.5),
            < 0.75 => rng.NextDouble(-7, 7),
            < 0.90 => rng.NextDouble(-0.9, 0.9),
            _ => (rng.NextDouble() < 0.5 ? -1 : 1) * Math.Exp(rng.NextDouble(Math.Log(0.02), Math.Log(20))),
        };
    }
}

public static class EquivalenceChecker
{
    // Fewer reference points than this in its own domain means the reference is (almost) nowhere real.
    public const int MinimumPoints = 8;
    private const double Unit = 1.1102230246251565e-16;

    public static EquivalenceResult Check(string? reference, string? answer, IReadOnlyList<string> variables, EquivalenceOptions? options = null)
    {
        var parsedReference = MathExpression.Parse(reference, variables);
        if (parsedReference.Expression is not { } r)
        {
            return new EquivalenceResult(EquivalenceVerdict.Invalid, "The reference cannot be read: " + parsedReference.Error?.Message);
        }
        var parsedAnswer = MathExpression.Parse(answer, variables);
        if (parsedAnswer.Expression is not { } a)
        {
            return new EquivalenceResult(EquivalenceVerdict.Invalid, parsedAnswer.Error?.Message ?? "The answer cannot be read.", null,
                parsedAnswer.Error?.Column);
        }
        try
        {
            return Check(new PreparedReference(r.Canonical, r.Raw, variables, options), a);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new EquivalenceResult(EquivalenceVerdict.Undetermined, Failure.Describe(ex, "The expressions are too large to compare."));
        }
    }

    // ct stops the check between steps (a grading's time limit): OperationCanceledException,
    // never a verdict.
    public static EquivalenceResult Check(PreparedReference reference, ParsedExpression answer, CancellationToken ct = default)
    {
        try
        {
            return CheckCore(reference, answer, ct);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new EquivalenceResult(EquivalenceVerdict.Undetermined, Failure.Describe(ex, "The expressions are too large to compare."));
        }
    }

    private static EquivalenceResult CheckCore(PreparedReference reference, ParsedExpression answer, CancellationToken ct)
    {
        // A constant with no value anywhere is refused on either side, not found "not equivalent".
        if (ExpressionReading.IsUndefinedConstant(reference.Evaluated))
        {
            return new EquivalenceResult(EquivalenceVerdict.Invalid, "The expected expression " + ExpressionReading.UndefinedEverywhere);
        }
        if (ExpressionReading.IsUndefinedConstant(answer.Raw))
        {
            return new EquivalenceResult(EquivalenceVerdict.Invalid, $"'{answer.Text.Trim()}' {ExpressionReading.UndefinedEverywhere}", null, 1);
        }
        if (reference.Options.AcceptDecimals && answer.ContainsDecimal)
        {
            // Author option: a typed decimal counts as the simple fraction it rounds (0.333 for 1/3).
            answer = SyntaxRewriter.WithSimpleFractions(answer, reference.Options.DecimalRelativeTolerance);
        }
        var proven = reference.Canonical.Equals(answer.Canonical);
        ct.ThrowIfCancellationRequested();
        var program = CompiledExpr.Compile(answer.Raw, reference.Variables);
        var outcome = Compare(reference, program, proven, ct);
        switch (outcome.Kind)
        {
            case CompareKind.Undefined:
                return new EquivalenceResult(EquivalenceVerdict.NotEquivalent,
                    $"The answer is not defined at {FormatPoint(reference.Variables, outcome.Point!)}, where the expected expression is.",
                    Witness(reference.Variables, outcome.Point!));
            case CompareKind.Differs:
                return new EquivalenceResult(EquivalenceVerdict.NotEquivalent,
                    $"The answer has a different value at {FormatPoint(reference.Variables, outcome.Point!)}.",
                    Witness(reference.Variables, outcome.Point!));
        }
        if (reference.ValidPoints < MinimumPoints)
        {
            return proven
                ? new EquivalenceResult(EquivalenceVerdict.Equivalent, "Equal after simplification.", Proven: true)
                : new EquivalenceResult(EquivalenceVerdict.Undetermined, "The expected expression is undefined almost everywhere on the domain.");
        }
        if (proven)
        {
            return new EquivalenceResult(EquivalenceVerdict.Equivalent, "Equal after simplification.", Proven: true);
        }
        var cancellation = outcome.Strong < MinimumPoints;
        if (cancellation && Expr.Expand(Expr.Sub(reference.Canonical, answer.Canonical), ct: ct) is Number { Value.IsZero: true })
        {
            return new EquivalenceResult(EquivalenceVerdict.Equivalent, "Equal after expansion.", Proven: true);
        }
        // Double precision cannot decide when rounding noise swamps the values (cancellation), or
        // when a long typed constant may differ from the exact value below double resolution
        // (3.141592653589793 for pi): re-evaluate with 256-bit fixed point.
        if (cancellation || HighPrecision.HasLargeConstant(answer.Canonical) || HighPrecision.HasLargeConstant(reference.Canonical))
        {
            var compared = 0;
            for (var i = 0; i < Math.Min(cancellation ? 12 : 4, reference.Points.Length); i++)
            {
                ct.ThrowIfCancellationRequested();
                var point = reference.Points[i];
                var r = HighPrecision.Evaluate(reference.Evaluated, reference.Variables, point);
                var a = HighPrecision.Evaluate(answer.Raw, reference.Variables, point);
                if (r is not { } rv || a is not { } av)
                {
                    continue;
                }
                if (!HighPrecision.Close(rv, av))
                {
                    return new EquivalenceResult(EquivalenceVerdict.NotEquivalent,
                        $"The answer has a different value at {FormatPoint(reference.Variables, point)} (a difference below double precision).",
                        Witness(reference.Variables, point));
                }
                compared++;
            }
            if (cancellation)
            {
                return compared >= MinimumPoints
                    ? new EquivalenceResult(EquivalenceVerdict.Equivalent, $"Equal at {compared} sample points in 256-bit arithmetic.")
                    : new EquivalenceResult(EquivalenceVerdict.Undetermined, "Rounding error is too large to compare the values reliably.");
            }
        }
        return new EquivalenceResult(EquivalenceVerdict.Equivalent, $"Equal at {outcome.Strong} sample points of the domain.");
    }

    internal enum CompareKind { Agree, Undefined, Differs }

    internal readonly record struct CompareOutcome(CompareKind Kind, int Strong, double[]? Point);

    // Compares a candidate to the reference at the reference's sample points. `valuesAlreadyEqual`
    // skips the value comparison (a symbolic proof exists) but still checks the domain.
    internal static CompareOutcome Compare(PreparedReference reference, CompiledExpr candidate, bool valuesAlreadyEqual, CancellationToken ct)
    {
        var strong = 0;
        var size = Math.Max(1, candidate.StackSize);
        Span<double> values = size <= 128 ? stackalloc double[size] : new double[size];
        Span<double> errors = size <= 128 ? stackalloc double[size] : new double[size];
        for (var i = 0; i < reference.Points.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var point = reference.Points[i];
            var a = candidate.Evaluate(point, values, errors);
            if (a.Status == EvalStatus.Undefined)
            {
                return new CompareOutcome(CompareKind.Undefined, strong, point);
            }
            if (a.Status == EvalStatus.Overflow || valuesAlreadyEqual)
            {
                continue;
            }
            var r = reference.Values[i];
            var difference = Math.Abs(a.Value - r.Value);
            var scale = Math.Max(Math.Abs(a.Value), Math.Abs(r.Value));
            var noise = a.ErrorBound + r.ErrorBound;
            var tolerance = 16 * noise + 8 * Unit * scale;
            if (difference > tolerance)
            {
                return new CompareOutcome(CompareKind.Differs, strong, point);
            }
            if (noise <= 1e-6 * scale || scale == 0)
            {
                strong++;
            }
        }
        return new CompareOutcome(CompareKind.Agree, strong, null);
    }

    internal static IReadOnlyDictionary<string, double> Witness(IReadOnlyList<string> variables, double[] point)
    {
        var witness = new Dictionary<string, double>(variables.Count, StringComparer.Ordinal);
        for (var i = 0; i < variables.Count; i++)
        {
            witness[variables[i]] = point[i];
        }
        return witness;
    }

    internal static string FormatPoint(IReadOnlyList<string> variables, double[] point)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < variables.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            sb.Append(variables[i]).Append(" = ").Append(point[i].ToString("G6", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
