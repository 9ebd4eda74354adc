using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems;

// Diagnoses of structured answers, named in self-tests like the engine's DiagnosisKind.
internal static class StructuredDiagnosis
{
    public const string Partial = "partial";
    public const string Invalid = "invalid";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Partial, Invalid };
}

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
        return spec.Structured.Conditions.Where(c => !Conditions.Named.Contains(c))
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

// One student's version of a structured problem: parameter values, the rendered pieces of the
// statement, and the answer box with its reference computed by the engine or a solver.
internal sealed partial record StructuredVariant(
    ProblemSpec Spec, IReadOnlyDictionary<string, Rational> Values, IReadOnlyDictionary<string, string> Placeholders, PreparedAnswer Answer)
{
    public static StructuredVariant? Build(ProblemSpec spec, int seed, out string? failure)
    {
        failure = null;
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
                var built = new Builder(spec, values, rng).Build();
                if (built.Succeeded)
                {
                    return built.Value;
                }
                failure = built.Failure.Message;
            }
            catch (Exception ex) when (Failure.IsRecoverable(ex))
            {
                failure = ex.Message;
            }
        }
        return null;
    }

    // Self-test answers may use parameter names and {{ref}}, the reference rounded to 7 significant
    // figures (so a correct test is still typed differently from the reference).
    public string ExpandTest(string answer)
    {
        var rounded = NumberPattern().Replace(Answer.Reference, m =>
            double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v.ToString("G7", CultureInfo.InvariantCulture) : m.Value);
        var text = answer.Replace("{{ref}}", rounded, StringComparison.Ordinal);
        foreach (var (name, value) in Values)
        {
            text = Regex.Replace(text, $"(?<![A-Za-z_]){Regex.Escape(name)}(?![A-Za-z0-9_])", "(" + value.ToDouble().ToString("R", CultureInfo.InvariantCulture) + ")");
        }
        return text;
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();

    private sealed class Builder(ProblemSpec spec, IReadOnlyDictionary<string, Rational> values, SplitMix64 rng)
    {
        private readonly Dictionary<string, Expr> _substitution = VariantDraw.Substitution(values);
        private readonly Dictionary<string, string> _placeholders = new(StringComparer.Ordinal);
        private readonly StructuredSpec _s = spec.Structured;
        private SplitMix64 _rng = rng;

        private NumericTolerance Tolerance(double absolute, double relative) =>
            new(_s.AbsoluteTolerance ?? absolute, _s.RelativeTolerance ?? relative);

        // Exact kinds (entries are exact numbers or expressions) are checked tightly; numeric methods
        // accept answers rounded to about four significant figures unless the author says otherwise.
        private NumericTolerance Exact => Tolerance(1e-6, 1e-4);

        private NumericTolerance Numeric => Tolerance(1e-4, 1e-3);

        private IReadOnlyList<string> ParameterNames => [.. values.Keys];

        private Expr Parse(string text, IReadOnlyList<string> variables) =>
            (MathExpression.ParseCanonical(text, [.. variables, .. ParameterNames])
                ?? throw new InvalidOperationException($"'{text}' cannot be read.")).Substitute(_substitution);

        private double Number(string text) => VariantDraw.Evaluate(Parse(text, []));

        private string Text(string text, IReadOnlyList<string> variables) => ExprPrinter.ToText(Parse(text, variables));

        private double[] Point()
        {
            var at = _s.At ?? throw new InvalidOperationException("no point");
            return [.. spec.Variables.Select(v => Number(at[v]))];
        }

        public SolverResult<StructuredVariant> Build()
        {
            var function = FunctionOrNull();
            if (function is not null)
            {
                _placeholders["f"] = ExprPrinter.ToLatex(function);
            }
            if (_s.At is not null)
            {
                var point = Point();
                if (!point.All(double.IsFinite))
                {
                    return Solver.Fail<StructuredVariant>(SolverFailureKind.InvalidInput, "the point is not a real number");
                }
                _placeholders["at"] = Tuple(spec.Variables.Select(v => Parse(_s.At[v], [])));
            }
            if (_s.Start.Count > 0 && spec.Kind != ProblemSpec.NonlinearFitKind)
            {
                _placeholders["start"] = Tuple(_s.Start.Select(t => Parse(t, [])));
                _placeholders["x0"] = _placeholders["start"];
            }
            _placeholders["steps"] = _s.Steps.ToString(CultureInfo.InvariantCulture);
            if (_s.StepSize is not null)
            {
                _placeholders["step_size"] = ExprPrinter.ToLatex(Parse(_s.StepSize, []));
            }

            var answer = spec.Kind switch
            {
                ProblemSpec.Derivative or ProblemSpec.PartialDerivative => ValueAt(Differentiator.Differentiate(function!, spec.Wrt)),
                ProblemSpec.GradientKind => Gradient(function!),
                ProblemSpec.JacobianKind => Jacobian(),
                ProblemSpec.HessianKind => Hessian(function!),
                ProblemSpec.Newton => Newton(),
                ProblemSpec.GradientDescentKind => Descent(),
                ProblemSpec.LagrangeKind => Lagrange(),
                ProblemSpec.LinearFitKind or ProblemSpec.NonlinearFitKind => Fit(),
                ProblemSpec.BackpropKind => Backprop(),
                _ => Solver.Fail<PreparedAnswer>(SolverFailureKind.InvalidInput, $"kind {spec.Kind} has no structured answer"),
            };
            return answer.Succeeded
                ? Solver.Ok(new StructuredVariant(spec, values, _placeholders, answer.Value))
                : Solver.Fail<StructuredVariant>(answer.Failure);
        }

        private Expr? FunctionOrNull() =>
            spec.Kind is ProblemSpec.JacobianKind or ProblemSpec.BackpropKind or ProblemSpec.LinearFitKind or ProblemSpec.NonlinearFitKind
                ? null
                : Parse(spec.Function, spec.Variables);

        private static string Tuple(IEnumerable<Expr> items)
        {
            var list = items.Select(ExprPrinter.ToLatex).ToList();
            return list.Count == 1 ? list[0] : "(" + string.Join(", ", list) + ")";
        }

        private SolverResult<PreparedAnswer> ValueAt(Expr derivative)
        {
            var value = Evaluate(derivative, Point());
            return double.IsFinite(value)
                ? Solver.Ok(new PreparedAnswer("number", NumberAnswer.SyntaxHelp, Show(value), [], new NumberAnswer(value, Exact).Grade))
                : Fail("the derivative is not defined at the point");
        }

        private double Evaluate(Expr e, double[] point)
        {
            var result = CompiledExpr.Compile(e, spec.Variables).Evaluate(point);
            return result.Status == EvalStatus.Ok ? result.Value : double.NaN;
        }

        private SolverResult<PreparedAnswer> Gradient(Expr function)
        {
            var gradient = Differentiator.Gradient(function, spec.Variables);
            if (_s.At is null)
            {
                var entries = gradient.Select(g => (EntryReference)ExpressionEntry.Of(g, spec.Variables, spec.EquivalenceOptions)).ToList();
                return Solver.Ok(new PreparedAnswer("vector", ArrayAnswer.VectorSyntaxHelp, "(" + string.Join(", ", gradient.Select(ExprPrinter.ToText)) + ")",
                    spec.Variables, ArrayAnswer.Vector(entries).Grade));
            }
            var point = Point();
            var numbers = gradient.Select(g => Evaluate(g, point)).ToList();
            return numbers.All(double.IsFinite)
                ? Solver.Ok(new PreparedAnswer("vector", ArrayAnswer.VectorSyntaxHelp, "(" + string.Join(", ", numbers.Select(Show)) + ")", [],
                    ArrayAnswer.Vector([.. numbers.Select(n => (EntryReference)new NumberEntry(n, Exact))]).Grade))
                : Fail("the gradient is not defined at the point");
        }

        private SolverResult<PreparedAnswer> Jacobian()
        {
            var components = _s.Components.Select(c => Parse(c, spec.Variables)).ToList();
            _placeholders["components"] = @"\begin{pmatrix} " + string.Join(@" \\ ", components.Select(ExprPrinter.ToLatex)) + @" \end{pmatrix}";
            _placeholders["f"] = _placeholders["components"];
            return MatrixOf(Differentiator.Jacobian(components, spec.Variables), "Jacobian");
        }

        private SolverResult<PreparedAnswer> Hessian(Expr function)
        {
            var hessian = Differentiator.Hessian(function, spec.Variables);
            if (_s.At is not null && _s.Conditions.Contains(Conditions.HessianNonsingular))
            {
                var point = Point();
                var m = hessian.Select(r => r.Select(e => Evaluate(e, point)).ToArray()).ToArray();
                if (Math.Abs(Determinant(m)) <= 1e-9 * Math.Max(1, m.SelectMany(r => r).Select(Math.Abs).DefaultIfEmpty(0).Max()))
                {
                    return Fail("the Hessian is singular at the point");
                }
            }
            return MatrixOf(hessian, "Hessian");
        }

        private SolverResult<PreparedAnswer> MatrixOf(IReadOnlyList<IReadOnlyList<Expr>> rows, string what)
        {
            if (_s.At is null)
            {
                var references = rows.Select(r => (IReadOnlyList<EntryReference>)[.. r.Select(e => (EntryReference)ExpressionEntry.Of(e, spec.Variables, spec.EquivalenceOptions))]).ToList();
                return Solver.Ok(new PreparedAnswer("matrix", ArrayAnswer.MatrixSyntaxHelp,
                    "[" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r.Select(ExprPrinter.ToText)) + "]")) + "]",
                    spec.Variables, ArrayAnswer.Matrix(references).Grade));
            }
            var point = Point();
            var numbers = rows.Select(r => r.Select(e => Evaluate(e, point)).ToArray()).ToList();
            if (!numbers.SelectMany(r => r).All(double.IsFinite))
            {
                return Fail($"the {what} is not defined at the point");
            }
            return Solver.Ok(new PreparedAnswer("matrix", ArrayAnswer.MatrixSyntaxHelp,
                "[" + string.Join(", ", numbers.Select(r => "[" + string.Join(", ", r.Select(Show)) + "]")) + "]", [],
                ArrayAnswer.Matrix([.. numbers.Select(r => (IReadOnlyList<EntryReference>)[.. r.Select(v => (EntryReference)new NumberEntry(v, Exact))])]).Grade));
        }

        private static double Determinant(double[][] m)
        {
            var n = m.Length;
            var a = m.Select(r => r.ToArray()).ToArray();
            var det = 1.0;
            for (var c = 0; c < n; c++)
            {
                var pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(a[r][c]));
                if (a[pivot][c] == 0)
                {
                    return 0;
                }
                if (pivot != c)
                {
                    (a[pivot], a[c]) = (a[c], a[pivot]);
                    det = -det;
                }
                det *= a[c][c];
                for (var r = c + 1; r < n; r++)
                {
                    var factor = a[r][c] / a[c][c];
                    for (var k = c; k < n; k++)
                    {
                        a[r][k] -= factor * a[c][k];
                    }
                }
            }
            return det;
        }

        private SolverResult<PreparedAnswer> Newton()
        {
            var f = Text(spec.Function, spec.Variables);
            var x0 = Number(_s.Start[0]);
            var variable = spec.Variables[0];
            if (_s.Conditions.Contains(Conditions.RootNearStart) || _s.Ask == "root")
            {
                // The course's iterates are meaningful only when Newton converges from x0 to a root close by.
                var fn = ExpressionFunctions.Univariate(f, variable);
                if (!fn.Succeeded)
                {
                    return Solver.Fail<PreparedAnswer>(fn.Failure);
                }
                var root = NewtonRaphson.FindRoot(fn.Value.Value, fn.Value.Derivative, x0);
                if (!root.Succeeded)
                {
                    return Solver.Fail<PreparedAnswer>(root.Failure);
                }
                if (Math.Abs(root.Value.Root - x0) > 2 * Math.Max(1, Math.Abs(x0)))
                {
                    return Fail("the root Newton's method reaches is far from x0");
                }
            }
            return _s.Ask == "root"
                ? SolverAnswers.NewtonRoot(f, variable, x0, Numeric)
                : SolverAnswers.NewtonIterates(f, variable, x0, _s.Steps, Numeric);
        }

        private SolverResult<PreparedAnswer> Descent()
        {
            var f = Text(spec.Function, spec.Variables);
            var start = _s.Start.Select(Number).ToList();
            var rate = Number(_s.StepSize!);
            return _s.Ask switch
            {
                "iterates" => SolverAnswers.GradientDescentIterates(f, spec.Variables, start, rate, _s.Steps, Numeric),
                "minimiser" => SolverAnswers.GradientDescentMinimiser(f, spec.Variables, start, rate, Numeric),
                _ => SolverAnswers.GradientDescentPoint(f, spec.Variables, start, rate, _s.Steps, Numeric),
            };
        }

        private SolverResult<PreparedAnswer> Lagrange()
        {
            var f = Text(spec.Function, spec.Variables);
            var constraints = _s.Constraints.Select(c => string.Join("=", c.Split('=').Select(side => Text(side, spec.Variables)))).ToList();
            _placeholders["constraint"] = string.Join(@",\quad ", _s.Constraints.Select(c =>
                string.Join(" = ", c.Split('=').Select(side => ExprPrinter.ToLatex(Parse(side, spec.Variables)))) + (c.Contains('=') ? "" : " = 0")));
            _placeholders["g"] = _placeholders["constraint"];
            var result = _s.Ask switch
            {
                "max" => SolverAnswers.LagrangeExtremum(f, constraints, spec.Variables, true, Numeric),
                "min" => SolverAnswers.LagrangeExtremum(f, constraints, spec.Variables, false, Numeric),
                _ => SolverAnswers.LagrangeCriticalPoints(f, constraints, spec.Variables, Numeric),
            };
            if (result.Succeeded && _s.Ask == "points" && _s.Conditions.Contains(Conditions.ConstraintFeasible) && result.Value.Reference == "{}")
            {
                return Fail("the constraint has no critical point");
            }
            return result;
        }

        private (double[] X, double[] Y, double[] Sigma)? Data()
        {
            var data = _s.Data!;
            var x = data.X.Select(Number).ToArray();
            var sigma = data.Sigma.Count == 1 ? [.. Enumerable.Repeat(Number(data.Sigma[0]), x.Length)] : data.Sigma.Select(Number).ToArray();
            double[] y;
            if (data.Y is not null)
            {
                y = [.. data.Y.Select(Number)];
            }
            else
            {
                var model = Parse(data.Model!, spec.Variables);
                var noise = data.Noise is null ? 0 : Number(data.Noise);
                // Rounded to what the statement shows, so the student fits exactly the data the reference fits.
                y = [.. x.Select(xi => Math.Round(Evaluate(model, [xi]) + noise * Gaussian(), 3, MidpointRounding.ToEven))];
            }
            return x.Concat(y).Concat(sigma).All(double.IsFinite) ? (x, y, sigma) : null;
        }

        // Box-Muller on the variant's own generator: the data are part of the deterministic variant.
        private double Gaussian()
        {
            var u1 = 1.0 - _rng.NextDouble();
            var u2 = _rng.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        private SolverResult<PreparedAnswer> Fit()
        {
            if (Data() is not { } data)
            {
                return Fail("the data are not real numbers");
            }
            var (x, y, sigma) = data;
            var model = MathExpression.ParseCanonical(spec.Function, [.. spec.Variables, .. _s.Fit, .. ParameterNames])!.Substitute(_substitution);
            var modelText = ExprPrinter.ToText(model);
            _placeholders["model"] = ExprPrinter.ToLatex(model);
            _placeholders["f"] = _placeholders["model"];
            _placeholders["data"] = Table(x, y, sigma);
            var xName = spec.Variables[0];
            if (spec.Kind == ProblemSpec.NonlinearFitKind)
            {
                var start = _s.Start.Select(Number).ToList();
                _placeholders["start"] = "(" + string.Join(", ", start.Select(Show)) + ")";
                if (_s.Ask == "chi_squared")
                {
                    var m = ExpressionFunctions.Model(modelText, xName, _s.Fit);
                    if (!m.Succeeded)
                    {
                        return Solver.Fail<PreparedAnswer>(m.Failure);
                    }
                    var optimum = NonlinearLeastSquares.Fit(m.Value, x, y, sigma, start);
                    return optimum.Succeeded ? Solver.Ok(NumberAnswerOf(optimum.Value.ChiSquared)) : Solver.Fail<PreparedAnswer>(optimum.Failure);
                }
                return SolverAnswers.NonlinearFitParameters(modelText, xName, _s.Fit, x, y, sigma, start,
                    new NumericTolerance(_s.AbsoluteTolerance ?? 0.05, _s.RelativeTolerance ?? 1e-3), Numeric);
            }
            return _s.Ask switch
            {
                "chi_squared" => SolverAnswers.LinearFitChiSquared(modelText, xName, _s.Fit, x, y, sigma, Numeric),
                "uncertainties" => Uncertainties(modelText, xName, x, y, sigma),
                _ => SolverAnswers.LinearFitParameters(modelText, xName, _s.Fit, x, y, sigma, Numeric),
            };
        }

        private SolverResult<PreparedAnswer> Uncertainties(string model, string xName, double[] x, double[] y, double[] sigma)
        {
            var basis = ExpressionFunctions.LinearBasis(model, xName, _s.Fit);
            if (!basis.Succeeded)
            {
                return Solver.Fail<PreparedAnswer>(basis.Failure);
            }
            var fit = LinearLeastSquares.Fit(x, y, sigma, basis.Value);
            if (!fit.Succeeded)
            {
                return Solver.Fail<PreparedAnswer>(fit.Failure);
            }
            var errors = fit.Value.Errors;
            return Solver.Ok(new PreparedAnswer("vector", ArrayAnswer.VectorSyntaxHelp, "(" + string.Join(", ", errors.Select(Show)) + ")", [],
                ArrayAnswer.Vector([.. errors.Select(e => (EntryReference)new NumberEntry(e, Numeric))]).Grade));
        }

        private PreparedAnswer NumberAnswerOf(double value) =>
            new("number", NumberAnswer.SyntaxHelp, Show(value), [], new NumberAnswer(value, Numeric).Grade);

        private static string Table(double[] x, double[] y, double[] sigma)
        {
            var sb = new StringBuilder("| $x$ | $y$ | $\\sigma$ |\n|---|---|---|\n");
            for (var i = 0; i < x.Length; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {Show(x[i])} | {Show(y[i])} | {Show(sigma[i])} |\n");
            }
            return sb.ToString();
        }

        private SolverResult<PreparedAnswer> Backprop()
        {
            var layers = _s.Layers.Select(l => LayerBuilder.Build(l, Number)).ToList();
            var input = _s.Input.Select(Number).ToList();
            var target = _s.Target.Select(Number).ToList();
            _placeholders["input"] = Column(input);
            _placeholders["target"] = Column(target);
            for (var i = 0; i < layers.Count; i++)
            {
                var n = (i + 1).ToString(CultureInfo.InvariantCulture);
                _placeholders["W" + n] = @"\begin{pmatrix} " + string.Join(@" \\ ", layers[i].Weights.Select(r => string.Join(" & ", r.Select(Show)))) + @" \end{pmatrix}";
                _placeholders["b" + n] = Column(layers[i].Biases);
            }
            return SolverAnswers.BackpropGradient(layers, input, target, _s.Loss, _s.Layer - 1, _s.Ask != "biases", Numeric);
        }

        private static string Column(IEnumerable<double> values) =>
            @"\begin{pmatrix} " + string.Join(@" \\ ", values.Select(Show)) + @" \end{pmatrix}";

        private static string Show(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

        private static SolverResult<PreparedAnswer> Fail(string message) => Solver.Fail<PreparedAnswer>(SolverFailureKind.InvalidInput, message);
    }
}
