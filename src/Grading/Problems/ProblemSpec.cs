using System.Globalization;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Problems.Kinds;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Parser = GraderHub.Grading.Expressions.Parser;

namespace GraderHub.Grading.Problems;

internal abstract record ParameterSpec(string Name)
{
    public abstract Rational Draw(ref SplitMix64 rng);
}

internal sealed record IntParameter(string Name, long Low, long High) : ParameterSpec(Name)
{
    public override Rational Draw(ref SplitMix64 rng) => Rational.FromInt(rng.NextInt(Low, High));
}

internal sealed record ChoiceParameter(string Name, IReadOnlyList<Rational> Values) : ParameterSpec(Name)
{
    public override Rational Draw(ref SplitMix64 rng) => Values[(int)rng.NextInt(0, Values.Count - 1)];
}

// min + k*step for k in 0..steps, exact: 0.5, 1, 1.5 ...
internal sealed record DecimalParameter(string Name, Rational Min, Rational Step, long Steps) : ParameterSpec(Name)
{
    public override Rational Draw(ref SplitMix64 rng) => Min + Step * Rational.FromInt(rng.NextInt(0, Steps));
}

internal sealed record WrongAnswerTest(string Answer, string Diagnosis);

// An author's tolerance override for numeric answers; each kind has its own defaults.
internal sealed record ToleranceSpec(double? Absolute, double? Relative);

// What every problem has, whatever its kind; the kind's own keys are in Kind (a typed record per kind).
internal sealed record ProblemSpec(
    string Key, string Title, ProblemKind KindOf, int Points, IReadOnlyList<string> Variables,
    IReadOnlyList<ParameterSpec> Parameters, string? Function, string Statement, string? Hint,
    IReadOnlyList<string> CorrectTests, IReadOnlyList<WrongAnswerTest> WrongTests,
    bool AcceptDecimals, IReadOnlyDictionary<string, VariableBound>? Bounds,
    IReadOnlyList<string> Conditions, ToleranceSpec Tolerance, KindSpec Kind)
{
    // The part of 'domain' equivalence samples.
    public IReadOnlyDictionary<string, Interval>? Domain => Bounds?.Where(b => b.Value.Sampling is not null)
        .ToDictionary(b => b.Key, b => b.Value.Sampling!.Value, StringComparer.Ordinal);

    // Whether a point (in the order of Variables) lies in 'domain'; null without one. The solvers
    // ask it at every step, so the bounds are looked up once.
    public Func<double[], bool>? InDomain => Bounds is null ? null : Inside([.. Variables.Select(v => Bounds.TryGetValue(v, out var b) ? b : (VariableBound?)null)]);

    private static Func<double[], bool> Inside(VariableBound?[] bounds) => point =>
    {
        for (var i = 0; i < bounds.Length; i++)
        {
            if (bounds[i] is { } b && !b.Contains(point[i]))
            {
                return false;
            }
        }
        return true;
    };
    // The author's worked solution (Markdown with {{placeholders}}), shown by the set's policy.
    public string? Solution { get; init; }

    public IReadOnlyList<string> ParameterNames => [.. Parameters.Select(p => p.Name)];

    public IReadOnlyList<string> FunctionVariables => [.. Variables, .. ParameterNames];

    public EquivalenceOptions EquivalenceOptions => new() { AcceptDecimals = AcceptDecimals, Domain = Domain };
}

// Reads problem YAML into ProblemSpec, collecting errors with 1-based line and column. The common
// keys are read here; the kind named by 'kind' reads its own (Kinds/).
internal sealed class SpecReader(string source, List<SpecError> errors)
{
    public int ErrorCount => errors.Count;

    public void Error(YamlNode? node, string message) =>
        errors.Add(new SpecError(source, node is null ? 1 : (int)node.Start.Line, node is null ? 1 : (int)node.Start.Column, message));

    public void Error(Mark mark, string message) => errors.Add(new SpecError(source, (int)mark.Line, (int)mark.Column, message));

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? String(YamlMappingNode map, string key, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"Missing '{key}'.");
            }
            return null;
        }
        if (node is not YamlScalarNode { Value: { } value })
        {
            Error(node, $"'{key}' must be a single value.");
            return null;
        }
        return value;
    }

    public int? Int(YamlMappingNode map, string key, bool required)
    {
        var text = String(map, key, required);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Error(Get(map, key), $"'{key}' must be a whole number.");
            return null;
        }
        return value;
    }

    public IReadOnlyList<string> StringList(YamlMappingNode map, string key, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"Missing '{key}'.");
            }
            return [];
        }
        if (node is not YamlSequenceNode seq)
        {
            Error(node, $"'{key}' must be a list, like [x, y].");
            return [];
        }
        var values = new List<string>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode { Value: { } v })
            {
                values.Add(v);
            }
            else
            {
                Error(item, $"Each item of '{key}' must be a single value.");
            }
        }
        return values;
    }

    public Rational? Number(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            var negative = text.StartsWith('-');
            if (Rational.TryParseDecimal(negative ? text[1..] : text, out var value))
            {
                return negative ? -value : value;
            }
        }
        Error(node, $"{what} must be a number.");
        return null;
    }

    // The keys every problem may have; each kind adds its own (ProblemKind.Keys).
    public static readonly IReadOnlyList<string> CommonKeys =
    [
        "key", "title", "kind", "points", "variables", "parameters", "function", "statement", "hint", "tests",
        "accept_decimals", "domain", "tolerance", "conditions", "solution",
    ];

    public ProblemSpec? Problem(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "A problem must be a mapping of keys (key, title, kind, ...).");
            return null;
        }
        var before = errors.Count;
        var key = String(map, "key", true) ?? "";
        var title = String(map, "title", true) ?? "";
        var kindName = String(map, "kind", true) ?? "";
        var kind = KindRegistry.Find(kindName);
        if (kindName.Length > 0 && kind is null)
        {
            Error(Get(map, "kind"), $"Unknown kind '{kindName}'. Known kinds: {string.Join(", ", KindRegistry.Names)}.");
        }
        UnknownKeys(map, kind);
        var points = Int(map, "points", false) ?? 1;
        if (points < 0)
        {
            Error(Get(map, "points"), "'points' must not be negative.");
        }
        var variables = StringList(map, "variables", true);
        foreach (var v in variables)
        {
            if (v.Length == 0 || !char.IsAsciiLetter(v[0]) || v.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_')
                || Parser.FunctionNames.Contains(v) || v is "pi")
            {
                Error(Get(map, "variables"), $"'{v}' cannot be a variable name.");
            }
        }
        var parameters = Parameters(map, variables);
        var role = kind?.Function ?? FunctionRole.Expression;
        var function = String(map, "function", role != FunctionRole.None);
        var statement = String(map, "statement", true) ?? "";
        var hint = String(map, "hint", false);
        var solution = String(map, "solution", false);
        var acceptDecimals = String(map, "accept_decimals", false) is { } ad && (ad is "true" or "yes"
            ? true
            : ad is "false" or "no" ? false : Fail(Get(map, "accept_decimals"), "'accept_decimals' must be true or false."));
        var domain = Domain(map, variables);
        var (correct, wrong) = Tests(map);
        var tolerance = Tolerance(map);
        if (errors.Count > before || kind is null)
        {
            return null;
        }
        IReadOnlyList<string> parameterNames = [.. parameters.Select(p => p.Name)];
        var conditions = Conditions(map, kind, parameterNames);
        if (role == FunctionRole.Expression && function is not null && MathExpression.Parse(function, [.. variables, .. parameterNames]).Error is { } e)
        {
            Error(Get(map, "function"), $"The function cannot be read: {e.Message} (column {e.Column}).");
        }
        if (errors.Count > before)
        {
            return null;
        }
        var kindSpec = kind.Read(new KindReader(this, map, variables, parameterNames));
        if (kindSpec is null || errors.Count > before)
        {
            if (errors.Count == before)
            {
                Error(map, "The problem's kind-specific keys are incomplete.");
            }
            return null;
        }
        return new ProblemSpec(key, title, kind, points, variables, parameters, function, statement, hint, correct, wrong,
            acceptDecimals, domain, conditions, tolerance, kindSpec)
        { Solution = solution };
    }

    private void UnknownKeys(YamlMappingNode map, ProblemKind? kind)
    {
        var allowed = kind is null ? [.. CommonKeys, .. KindRegistry.All.SelectMany(k => k.Keys)] : CommonKeys.Concat(kind.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var (k, _) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } name } || allowed.Contains(name))
            {
                continue;
            }
            if (kind is not null && KindRegistry.All.Any(other => other.Keys.Contains(name)))
            {
                Error(k, $"'{name}' does not apply to kind {kind.Name} (its own keys: {(kind.Keys.Count == 0 ? "none" : string.Join(", ", kind.Keys))}).");
                continue;
            }
            var suggestion = Parser.Suggest(name, allowed);
            Error(k, $"Unknown key '{name}'." + (suggestion is null ? "" : $" Did you mean '{suggestion}'?"));
        }
    }

    private bool Fail(YamlNode? node, string message)
    {
        Error(node, message);
        return false;
    }

    private ToleranceSpec Tolerance(YamlMappingNode map)
    {
        if (Get(map, "tolerance") is not { } tolNode)
        {
            return new ToleranceSpec(null, null);
        }
        if (tolNode is not YamlMappingNode tol)
        {
            Error(tolNode, "'tolerance' is { absolute: 1e-6, relative: 1e-4 }.");
            return new ToleranceSpec(null, null);
        }
        return new ToleranceSpec(NonNegative(tol, "absolute"), NonNegative(tol, "relative"));
    }

    private double? NonNegative(YamlMappingNode map, string key)
    {
        var text = String(map, key, false);
        if (text is null)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v))
        {
            return v;
        }
        Error(Get(map, key), $"'{key}' must be a non-negative number.");
        return null;
    }

    private List<string> Conditions(YamlMappingNode map, ProblemKind kind, IReadOnlyList<string> parameters)
    {
        var conditions = StringList(map, "conditions", false).ToList();
        foreach (var c in conditions)
        {
            if (!kind.NamedConditions.Contains(c) && !Problems.Conditions.TryParse(c, parameters, out _))
            {
                var named = kind.NamedConditions.Count == 0 ? "" : " nor one of " + string.Join(", ", kind.NamedConditions);
                Error(Get(map, "conditions"),
                    $"Condition '{c}' is neither a comparison of parameter expressions (a > 0, b^2 - 4*a*c != 0){named}" + (named.Length == 0 ? $" (kind {kind.Name} has no named conditions)." : "."));
            }
        }
        return conditions;
    }

    // 'domain': per variable an open interval [low, high], or a string with strict or non-strict
    // bounds: "> 0", ">= 0", "<= 5", "(0, inf)", "[0, 1]", "(0, 1]".
    private Dictionary<string, VariableBound>? Domain(YamlMappingNode map, IReadOnlyList<string> variables)
    {
        if (Get(map, "domain") is not { } node)
        {
            return null;
        }
        if (node is not YamlMappingNode domainMap)
        {
            Error(node, "'domain' maps variables to intervals, like { x: [0, 5] } or { x: \"> 0\", y: \"[0, 1]\" }.");
            return null;
        }
        var result = new Dictionary<string, VariableBound>(StringComparer.Ordinal);
        foreach (var (k, v) in domainMap.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!variables.Contains(name))
            {
                Error(k, $"'{name}' in 'domain' is not one of the variables.");
                continue;
            }
            if (v is YamlSequenceNode { Children.Count: 2 } seq && Number(seq.Children[0], "A bound") is { } lo && Number(seq.Children[1], "A bound") is { } hi)
            {
                if (lo >= hi)
                {
                    Error(v, "The interval's lower bound must be below its upper bound.");
                }
                result[name] = new VariableBound(lo.ToDouble(), false, hi.ToDouble(), false);
            }
            else if (v is YamlScalarNode { Value: { } text } && VariableBound.Parse(text) is { } bound)
            {
                result[name] = bound;
            }
            else
            {
                Error(v, "A domain is an open interval [low, high], or bounds like \"> 0\", \">= 0\", \"(0, inf)\", \"[0, 1]\".");
            }
        }
        return result;
    }

    private List<ParameterSpec> Parameters(YamlMappingNode map, IReadOnlyList<string> variables)
    {
        var result = new List<ParameterSpec>();
        if (Get(map, "parameters") is not { } node)
        {
            return result;
        }
        if (node is not YamlMappingNode parameters)
        {
            Error(node, "'parameters' maps names to { int: [lo, hi] }, { choice: [...] } or { decimal: [min, max, step] }.");
            return result;
        }
        foreach (var (k, v) in parameters.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (name.Length == 0 || !name.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(name[0]) || variables.Contains(name)
                || Parser.FunctionNames.Contains(name) || name is "pi" or "e" or "f")
            {
                Error(k, $"'{name}' cannot be a parameter name (a variable, function or constant, or not a simple name).");
                continue;
            }
            if (v is not YamlMappingNode { Children.Count: 1 } def
                || def.Children.First().Key is not YamlScalarNode { Value: { } type } || def.Children.First().Value is not YamlSequenceNode list)
            {
                Error(v, $"Parameter '{name}' must be one of {{ int: [lo, hi] }}, {{ choice: [...] }}, {{ decimal: [min, max, step] }}.");
                continue;
            }
            var numbers = list.Children.Select(c => Number(c, "A parameter value")).ToList();
            if (numbers.Any(n => n is null))
            {
                continue;
            }
            var values = numbers.Select(n => n!.Value).ToList();
            switch (type)
            {
                case "int" when values.Count == 2 && values.All(x => x.IsInteger) && values[0] <= values[1]
                                && values.All(x => x.Abs() <= Rational.FromInt(1_000_000)):
                    result.Add(new IntParameter(name, (long)values[0].Numerator, (long)values[1].Numerator));
                    break;
                case "choice" when values.Count >= 1:
                    result.Add(new ChoiceParameter(name, values));
                    break;
                case "decimal" when values.Count == 3 && values[2].Sign > 0 && values[0] <= values[1]:
                {
                    var steps = (values[1] - values[0]) / values[2];
                    if (!steps.IsInteger || steps.Numerator > 1_000_000)
                    {
                        Error(v, $"Parameter '{name}': (max - min) must be a whole number of steps.");
                        break;
                    }
                    result.Add(new DecimalParameter(name, values[0], values[2], (long)steps.Numerator));
                    break;
                }
                default:
                    Error(v, $"Parameter '{name}': int takes [lo, hi] whole numbers, choice a non-empty list, decimal [min, max, step].");
                    break;
            }
        }
        return result;
    }

    private (List<string> Correct, List<WrongAnswerTest> Wrong) Tests(YamlMappingNode map)
    {
        var correct = new List<string>();
        var wrong = new List<WrongAnswerTest>();
        if (Get(map, "tests") is not { } node)
        {
            return (correct, wrong);
        }
        if (node is not YamlMappingNode tests)
        {
            Error(node, "'tests' has 'correct' (a list of answers) and 'wrong' (a list of { answer, diagnosis }).");
            return (correct, wrong);
        }
        correct.AddRange(StringList(tests, "correct", false));
        if (Get(tests, "wrong") is YamlSequenceNode wrongList)
        {
            foreach (var item in wrongList.Children)
            {
                if (item is YamlMappingNode w && String(w, "answer", true) is { } answer)
                {
                    var diagnosis = String(w, "diagnosis", false) ?? DiagnosisKind.None;
                    if (!DiagnosisKind.All.Contains(diagnosis) && !StructuredDiagnosis.All.Contains(diagnosis))
                    {
                        Error(Get(w, "diagnosis"), $"Unknown diagnosis '{diagnosis}'. Known: {string.Join(", ", DiagnosisKind.All.Concat(StructuredDiagnosis.All))}.");
                    }
                    wrong.Add(new WrongAnswerTest(answer, diagnosis));
                }
                else if (item is not YamlMappingNode)
                {
                    Error(item, "Each wrong test is { answer: \"...\", diagnosis: ... }.");
                }
            }
        }
        else if (Get(tests, "wrong") is { } other)
        {
            Error(other, "'wrong' must be a list.");
        }
        return (correct, wrong);
    }
}

// Diagnoses of structured answers, named in self-tests like the engine's DiagnosisKind.
internal static class StructuredDiagnosis
{
    public const string Partial = "partial";
    public const string Invalid = "invalid";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Partial, Invalid, .. SlipKind.All], StringComparer.Ordinal);
}

// Conditions that reject an ill-posed variant: comparisons of parameter expressions (here), or
// checks named by a kind on its reference computation (ProblemKind.NamedConditions).
internal static class Conditions
{
    private static readonly string[] Operators = [">=", "<=", "!=", ">", "<"];

    public static bool TryParse(string text, IReadOnlyList<string> names, out (Expr Left, string Op, Expr Right) condition)
    {
        condition = default;
        foreach (var op in Operators)
        {
            var i = text.IndexOf(op, StringComparison.Ordinal);
            if (i < 0)
            {
                continue;
            }
            var left = MathExpression.ParseCanonical(text[..i], names);
            var right = MathExpression.ParseCanonical(text[(i + op.Length)..], names);
            if (left is null || right is null)
            {
                return false;
            }
            condition = (left, op, right);
            return true;
        }
        return false;
    }

    public static bool Holds(string text, IReadOnlyList<string> names, Func<Expr, double> evaluate)
    {
        if (!TryParse(text, names, out var c))
        {
            return false;
        }
        var l = evaluate(c.Left);
        var r = evaluate(c.Right);
        if (!double.IsFinite(l) || !double.IsFinite(r))
        {
            return false;
        }
        // Inequalities "!=" are meant for exact parameter arithmetic: a relative gap below rounding is equality.
        var tiny = 1e-12 * Math.Max(1, Math.Max(Math.Abs(l), Math.Abs(r)));
        return c.Op switch
        {
            ">" => l > r + tiny,
            "<" => l < r - tiny,
            ">=" => l >= r - tiny,
            "<=" => l <= r + tiny,
            _ => Math.Abs(l - r) > tiny,
        };
    }
}
