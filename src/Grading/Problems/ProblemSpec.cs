using System.Globalization;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using YamlDotNet.Core;
using Parser = GraderHub.Grading.Expressions.Parser;
using YamlDotNet.RepresentationModel;

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

internal sealed record ProblemSpec(
    string Key, string Title, string Kind, int Points, IReadOnlyList<string> Variables,
    IReadOnlyList<ParameterSpec> Parameters, string Function, string Wrt, string Statement, string? Hint,
    IReadOnlyList<string> CorrectTests, IReadOnlyList<WrongAnswerTest> WrongTests,
    bool AcceptDecimals, IReadOnlyDictionary<string, Interval>? Domain)
{
    public const string Derivative = "derivative";
    public const string TaylorKind = "taylor";
    public const string PartialDerivative = "partial_derivative";
    public const string GradientKind = "gradient";
    public const string JacobianKind = "jacobian";
    public const string HessianKind = "hessian";
    public const string Linearisation = "linearisation";
    public const string Newton = "newton";
    public const string GradientDescentKind = "gradient_descent";
    public const string LagrangeKind = "lagrange";
    public const string LinearFitKind = "linear_fit";
    public const string NonlinearFitKind = "nonlinear_fit";
    public const string BackpropKind = "backprop";

    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        Derivative, PartialDerivative, GradientKind, JacobianKind, HessianKind, TaylorKind, Linearisation,
        Newton, GradientDescentKind, LagrangeKind, LinearFitKind, NonlinearFitKind, BackpropKind,
    };

    // Kinds graded as one expression by the equivalence engine (with its diagnoses); every other
    // kind, and a derivative asked at a point, has a structured answer built by SolverAnswers.
    public bool IsExpression => Kind is Derivative or PartialDerivative or TaylorKind or Linearisation && Structured.At is null;

    public bool IsTaylor => Kind is TaylorKind or Linearisation;

    public StructuredSpec Structured { get; init; } = new();

    // Taylor problems: the expansion point (expressions, may use parameters) and the order.
    public IReadOnlyDictionary<string, string> At { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public int Order { get; init; }

    public IReadOnlyList<string> FunctionVariables => [.. Variables, .. Parameters.Select(p => p.Name)];

    public EquivalenceOptions EquivalenceOptions => new() { AcceptDecimals = AcceptDecimals, Domain = Domain };
}

// Reads problem YAML into ProblemSpec, collecting errors with 1-based line and column.
internal sealed class SpecReader(string source, List<SpecError> errors)
{
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

    private Rational? Number(YamlNode node, string what)
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

    public static readonly Dictionary<string, bool> ProblemKeys = new(StringComparer.Ordinal)
    {
        ["key"] = true, ["title"] = true, ["kind"] = true, ["points"] = false, ["variables"] = true, ["parameters"] = false,
        ["function"] = true, ["wrt"] = true, ["statement"] = true, ["hint"] = false, ["tests"] = false,
        ["accept_decimals"] = false, ["domain"] = false, ["at"] = false, ["order"] = false,
        ["components"] = false, ["start"] = false, ["steps"] = false, ["step_size"] = false, ["ask"] = false,
        ["constraints"] = false, ["fit"] = false, ["data"] = false, ["layers"] = false, ["input"] = false,
        ["target"] = false, ["loss"] = false, ["layer"] = false, ["tolerance"] = false, ["conditions"] = false,
    };

    // Kinds whose 'function' is not an expression in the variables and parameters alone.
    private static bool FunctionOptional(string kind) => kind is ProblemSpec.JacobianKind or ProblemSpec.BackpropKind;

    private static bool FunctionHasFitParameters(string kind) => kind is ProblemSpec.LinearFitKind or ProblemSpec.NonlinearFitKind;

    public ProblemSpec? Problem(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "A problem must be a mapping of keys (key, title, kind, ...).");
            return null;
        }
        var before = errors.Count;
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && !ProblemKeys.ContainsKey(name))
            {
                var suggestion = Parser.Suggest(name, ProblemKeys.Keys);
                Error(k, $"Unknown key '{name}'." + (suggestion is null ? "" : $" Did you mean '{suggestion}'?"));
            }
        }
        var key = String(map, "key", true) ?? "";
        var title = String(map, "title", true) ?? "";
        var kind = String(map, "kind", true) ?? "";
        if (kind.Length > 0 && !ProblemSpec.Kinds.Contains(kind))
        {
            Error(Get(map, "kind"), $"Unknown kind '{kind}'. Known kinds: {string.Join(", ", ProblemSpec.Kinds)}.");
        }
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
        var function = String(map, "function", !FunctionOptional(kind)) ?? "0";
        var wrt = String(map, "wrt", kind is ProblemSpec.Derivative or ProblemSpec.PartialDerivative) ?? "";
        if (wrt.Length > 0 && !variables.Contains(wrt))
        {
            Error(Get(map, "wrt"), $"'wrt: {wrt}' is not one of the variables.");
        }
        var statement = String(map, "statement", true) ?? "";
        var hint = String(map, "hint", false);
        var acceptDecimals = String(map, "accept_decimals", false) is { } ad && (ad is "true" or "yes"
            ? true
            : ad is "false" or "no" ? false : Fail(Get(map, "accept_decimals"), "'accept_decimals' must be true or false."));
        var domain = Domain(map, variables);
        var (correct, wrong) = Tests(map);
        if (errors.Count > before)
        {
            return null;
        }
        var (at, order) = kind switch
        {
            ProblemSpec.TaylorKind => Expansion(map, variables, parameters),
            ProblemSpec.Linearisation => (Expansion(map, variables, parameters, linear: true).At, 1),
            _ => (new Dictionary<string, string>(StringComparer.Ordinal), 0),
        };
        if (errors.Count > before)
        {
            return null;
        }
        var structured = StructuredSpecReader.Read(this, map, kind, variables, [.. parameters.Select(p => p.Name)]);
        if (structured is null || errors.Count > before)
        {
            if (errors.Count == before)
            {
                Error(map, "The problem's kind-specific keys are incomplete.");
            }
            return null;
        }
        var spec = new ProblemSpec(key, title, kind, points, variables, parameters, function, wrt, statement, hint, correct, wrong, acceptDecimals, domain)
        {
            At = at,
            Order = order,
            Structured = structured,
        };
        if (FunctionHasFitParameters(kind))
        {
            return spec;
        }
        // The function must read for every variant; check the lowest and highest parameter values by seeds.
        var parsed = MathExpression.Parse(function, spec.FunctionVariables);
        if (parsed.Error is { } e)
        {
            Error(Get(map, "function"), $"The function cannot be read: {e.Message} (column {e.Column}).");
            return null;
        }
        return spec;
    }

    private (Dictionary<string, string> At, int Order) Expansion(YamlMappingNode map, IReadOnlyList<string> variables, List<ParameterSpec> parameters, bool linear = false)
    {
        var at = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = linear ? 1 : Int(map, "order", true) ?? 0;
        if (order is < 0 or > Taylor.MaxOrder)
        {
            Error(Get(map, "order"), $"'order' must be between 0 and {Taylor.MaxOrder}.");
        }
        if (Get(map, "at") is not YamlMappingNode point)
        {
            Error(Get(map, "at") ?? map, "A taylor problem needs 'at', the expansion point, like { x: 0 }.");
            return (at, order);
        }
        var names = parameters.Select(p => p.Name).ToArray();
        foreach (var (k, v) in point.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!variables.Contains(name))
            {
                Error(k, $"'{name}' in 'at' is not one of the variables.");
                continue;
            }
            if (v is not YamlScalarNode { Value: { } text } || MathExpression.Parse(text, names).Error is { } e)
            {
                Error(v, $"The expansion point for '{name}' must be a constant expression (parameters allowed).");
                continue;
            }
            at[name] = text;
        }
        foreach (var v in variables.Where(v => !at.ContainsKey(v)))
        {
            Error(point, $"'at' has no value for the variable '{v}'.");
        }
        return (at, order);
    }

    private bool Fail(YamlNode? node, string message)
    {
        Error(node, message);
        return false;
    }

    private Dictionary<string, Interval>? Domain(YamlMappingNode map, IReadOnlyList<string> variables)
    {
        if (Get(map, "domain") is not { } node)
        {
            return null;
        }
        if (node is not YamlMappingNode domainMap)
        {
            Error(node, "'domain' maps variables to intervals, like { x: [0, 5] }.");
            return null;
        }
        var result = new Dictionary<string, Interval>(StringComparer.Ordinal);
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
                result[name] = new Interval(lo.ToDouble(), hi.ToDouble());
            }
            else
            {
                Error(v, "A domain interval is [low, high].");
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
