using System.Globalization;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;
using YamlDotNet.RepresentationModel;

namespace GraderHub.Grading.Problems.Kinds;

// What 'function' is to a kind: an expression in the variables and parameters, a model that also
// has fitted parameters (the kind reads it), or not used (the kind has its own keys instead).
internal enum FunctionRole { Expression, Model, None }

// One problem kind: the YAML keys it adds to the common ones, how it reads them into its own typed
// spec, and (through that spec) how a variant's answer and reference are built. Registered once in
// KindRegistry; nothing else names a kind.
internal abstract class ProblemKind
{
    public abstract string Name { get; }

    public virtual IReadOnlyList<string> Keys => [];

    public virtual FunctionRole Function => FunctionRole.Expression;

    // Checks on the variant's reference computation an author may ask for by name in 'conditions'.
    public virtual IReadOnlyList<string> NamedConditions => [];

    public abstract KindSpec? Read(KindReader reader);
}

// A kind's own keys, read and checked; builds one variant's answer.
internal abstract record KindSpec
{
    public abstract SolverResult<KindAnswer> Build(VariantBuilder variant);

    // The engine's worked solution of this variant in Markdown (WorkedSolutions), for the kinds
    // whose answer is a derivation; null for the others. Called only after Build succeeded.
    public virtual string? WorkedSolution(VariantBuilder variant) => null;
}

// The answer box of a variant: the prepared answer (grades and previews) and what precedes the box.
internal sealed record KindAnswer(PreparedAnswer Answer, string Prefix);

// The reading of a kind's keys, with errors at their line and column.
internal sealed class KindReader(SpecReader reader, YamlMappingNode map, IReadOnlyList<string> variables, IReadOnlyList<string> parameters)
{
    public SpecReader Spec => reader;

    public YamlMappingNode Map => map;

    public IReadOnlyList<string> Variables => variables;

    public IReadOnlyList<string> Parameters => parameters;

    public IReadOnlyList<string> All => [.. variables, .. parameters];

    public bool Ok { get; private set; } = true;

    public YamlNode? Get(string key) => SpecReader.Get(map, key);

    public void Error(YamlNode? node, string message)
    {
        reader.Error(node, message);
        Ok = false;
    }

    public string? String(string key, bool required) => Track(() => reader.String(map, key, required));

    public int? Int(string key, bool required) => Track(() => reader.Int(map, key, required));

    public IReadOnlyList<string> StringList(string key, bool required) => Track(() => reader.StringList(map, key, required));

    private T Track<T>(Func<T> read)
    {
        var before = reader.ErrorCount;
        var value = read();
        Ok &= reader.ErrorCount == before;
        return value;
    }

    public bool Constant(YamlNode? node, string text, string what)
    {
        if (MathExpression.Parse(text, parameters).Error is { } e)
        {
            Error(node, $"{what} must be a constant expression (parameters allowed): {e.Message}");
            return false;
        }
        return true;
    }

    // A list of constant expressions (a single value is a list of one).
    public List<string> ConstantList(string key, bool required)
    {
        var node = Get(key);
        var list = node is YamlScalarNode ? [String(key, required) ?? ""] : StringList(key, required).ToList();
        foreach (var item in list)
        {
            Constant(node, item, $"Each value of '{key}'");
        }
        return list;
    }

    public bool Expressions(string key, IEnumerable<string> texts, IReadOnlyList<string> names)
    {
        foreach (var text in texts)
        {
            if (MathExpression.Parse(text, names).Error is { } e)
            {
                Error(Get(key), $"'{text}' in '{key}' cannot be read: {e.Message} (column {e.Column}).");
                return false;
            }
        }
        return true;
    }

    // 'at': one constant expression per variable, or null when absent and not required.
    public IReadOnlyDictionary<string, string>? Point(bool required, string missing)
    {
        if (Get("at") is not { } atNode)
        {
            if (required)
            {
                Error(map, missing);
            }
            return null;
        }
        if (atNode is not YamlMappingNode point)
        {
            Error(atNode, "'at' is a point, like { x: 1, y: 2 }.");
            return null;
        }
        var at = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in point.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!variables.Contains(name))
            {
                Error(k, $"'{name}' in 'at' is not one of the variables.");
            }
            else if (v is YamlScalarNode { Value: { } text } && Constant(v, text, $"The value of '{name}' in 'at'"))
            {
                at[name] = text;
            }
            else
            {
                Ok = false;
            }
        }
        foreach (var v in variables.Where(v => !at.ContainsKey(v)))
        {
            Error(point, $"'at' has no value for the variable '{v}'.");
        }
        return at;
    }

    // 'ask': one of the kind's questions; the first is the default.
    public T Ask<T>(string kind, params (string Name, T Value)[] asks) => Choice("ask", kind, asks);

    // A key whose value is one of a few names (ask, loss, of); the first is the default.
    public T Choice<T>(string key, string kind, params (string Name, T Value)[] choices)
    {
        var text = String(key, false) ?? choices[0].Name;
        foreach (var (name, value) in choices)
        {
            if (name == text)
            {
                return value;
            }
        }
        Error(Get(key), $"'{key}: {text}' is not known for {kind}; use one of {string.Join(", ", choices.Select(a => a.Name))}.");
        return choices[0].Value;
    }

    // 'steps' between 1 and max.
    public int Steps(bool required, int max)
    {
        var steps = Int("steps", required) ?? 0;
        if (required && (steps < 1 || steps > max))
        {
            Error(Get("steps"), $"'steps' must be between 1 and {max}.");
        }
        return steps;
    }
}

// One variant being built: the drawn parameter values, their substitution into the author's
// expressions, the statement's placeholders the kind fills, and the variant's own random stream
// (for generated data).
internal sealed class VariantBuilder(ProblemSpec spec, IReadOnlyDictionary<string, Rational> values, SplitMix64 rng)
{
    private readonly Dictionary<string, Expr> _substitution = VariantDraw.Substitution(values);
    private SplitMix64 _rng = rng;
    private Expr? _function;

    public ProblemSpec Spec => spec;

    public IReadOnlyList<string> Variables => spec.Variables;

    public IReadOnlyDictionary<string, Rational> Values => values;

    public Dictionary<string, string> Placeholders { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Expr> Substitution => _substitution;

    // The author's function with this variant's parameter values (kinds with FunctionRole.Expression).
    public Expr Function => _function ??= Parse(spec.Function ?? throw new InvalidOperationException("This kind has no function."), spec.Variables);

    public NumericTolerance Tolerance(double absolute, double relative) =>
        new(spec.Tolerance.Absolute ?? absolute, spec.Tolerance.Relative ?? relative);

    // Exact kinds (entries are exact numbers or expressions) are checked tightly; numeric methods
    // accept answers rounded to about four significant figures unless the author says otherwise.
    public NumericTolerance Exact => Tolerance(1e-6, 1e-4);

    public NumericTolerance Numeric => Tolerance(1e-4, 1e-3);

    public bool Has(string namedCondition) => spec.Conditions.Contains(namedCondition);

    public Expr Parse(string text, IReadOnlyList<string> variables) =>
        (MathExpression.ParseCanonical(text, [.. variables, .. values.Keys])
            ?? throw new InvalidOperationException($"'{text}' cannot be read.")).Substitute(_substitution);

    public double Number(string text) => VariantDraw.Evaluate(Parse(text, []));

    public double[] Point(IReadOnlyDictionary<string, string> at) => [.. spec.Variables.Select(v => Number(at[v]))];

    public double Evaluate(Expr e, double[] point)
    {
        var result = CompiledExpr.Compile(e, spec.Variables).Evaluate(point);
        return result.Status == EvalStatus.Ok ? result.Value : double.NaN;
    }

    public PreparedReference Reference(Expr e) => new(e, e, spec.Variables, spec.EquivalenceOptions);

    // Box-Muller on the variant's own generator: generated data are part of the deterministic variant.
    public double Gaussian()
    {
        var u1 = 1.0 - _rng.NextDouble();
        var u2 = _rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    // {{at}}: the point as LaTeX, (a, b) or a single value.
    public void PlacePoint(string name, IEnumerable<string> texts) => Placeholders[name] = Tuple(texts.Select(t => Parse(t, [])));

    public static string Tuple(IEnumerable<Expr> items)
    {
        var list = items.Select(ExprPrinter.ToLatex).ToList();
        return list.Count == 1 ? list[0] : "(" + string.Join(", ", list) + ")";
    }

    public static string Column(IEnumerable<double> values) =>
        @"\begin{pmatrix} " + string.Join(@" \\ ", values.Select(Show)) + @" \end{pmatrix}";

    // Numbers the statement shows (data, weights, start values); references print through SolverAnswers.
    public static string Show(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

    public static SolverResult<KindAnswer> Fail(string message) => Solver.Fail<KindAnswer>(SolverFailureKind.InvalidInput, message);

    public static SolverResult<KindAnswer> Ok(PreparedAnswer answer, string prefix) => Solver.Ok(new KindAnswer(answer, prefix));

    public static SolverResult<KindAnswer> From(SolverResult<PreparedAnswer> answer, string prefix) =>
        answer.Succeeded ? Ok(answer.Value, prefix) : Solver.Fail<KindAnswer>(answer.Failure);
}
