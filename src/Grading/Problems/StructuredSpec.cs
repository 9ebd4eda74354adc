using System.Collections.Immutable;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;
using YamlDotNet.RepresentationModel;

namespace GraderHub.Grading.Problems;

// The kind-specific part of a problem spec for every kind beyond derivative and taylor. Values that
// depend on the variant (points, start values, step sizes, data) are kept as expression text in the
// problem's parameters and evaluated per variant, so an author never types a reference answer.
internal sealed record StructuredSpec
{
    public IReadOnlyList<string> Components { get; init; } = [];
    public IReadOnlyDictionary<string, string>? At { get; init; }
    public IReadOnlyList<string> Start { get; init; } = [];
    public int Steps { get; init; }
    public string? StepSize { get; init; }
    public string Ask { get; init; } = "";
    public IReadOnlyList<string> Constraints { get; init; } = [];
    public IReadOnlyList<string> Fit { get; init; } = [];
    public DataSpec? Data { get; init; }
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [];
    public IReadOnlyList<string> Input { get; init; } = [];
    public IReadOnlyList<string> Target { get; init; } = [];
    public Loss Loss { get; init; } = Loss.HalfSquaredError;
    public int Layer { get; init; } = 1;
    public double? AbsoluteTolerance { get; init; }
    public double? RelativeTolerance { get; init; }
    public IReadOnlyList<string> Conditions { get; init; } = [];
}

// Data points: y given, or drawn per variant from a model (in the problem's parameters) plus
// Gaussian noise of the given size, so each student fits their own data.
internal sealed record DataSpec(IReadOnlyList<string> X, IReadOnlyList<string>? Y, string? Model, string? Noise, IReadOnlyList<string> Sigma);

internal sealed record LayerSpec(IReadOnlyList<IReadOnlyList<string>> Weights, IReadOnlyList<string> Biases, Activation Activation);

// Reading of the structured keys, with errors at their line and column.
internal static class StructuredSpecReader
{
    public static readonly string[] Keys =
    [
        "components", "start", "steps", "step_size", "ask", "constraints", "fit", "data", "layers", "input",
        "target", "loss", "layer", "tolerance", "conditions", "model",
    ];

    // What each kind may be asked for; the first is the default.
    public static readonly IReadOnlyDictionary<string, string[]> Asks = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [ProblemSpec.Newton] = ["iterates", "root"],
        [ProblemSpec.GradientDescentKind] = ["point", "iterates", "minimiser"],
        [ProblemSpec.LagrangeKind] = ["points", "max", "min"],
        [ProblemSpec.LinearFitKind] = ["parameters", "uncertainties", "chi_squared"],
        [ProblemSpec.NonlinearFitKind] = ["parameters", "chi_squared"],
        [ProblemSpec.BackpropKind] = ["weights", "biases"],
    };

    public static StructuredSpec? Read(SpecReader reader, YamlMappingNode map, string kind, IReadOnlyList<string> variables, IReadOnlyList<string> parameters)
    {
        var constants = parameters;
        var spec = new StructuredSpec();
        var ok = true;

        bool Constant(YamlNode? node, string text, string what)
        {
            if (MathExpression.Parse(text, constants).Error is { } e)
            {
                reader.Error(node, $"{what} must be a constant expression (parameters allowed): {e.Message}");
                return false;
            }
            return true;
        }

        List<string> ConstantList(string key, bool required)
        {
            var node = SpecReader.Get(map, key);
            var list = node is YamlScalarNode ? [.. new[] { reader.String(map, key, required) ?? "" }] : reader.StringList(map, key, required).ToList();
            foreach (var item in list)
            {
                ok &= Constant(node, item, $"Each value of '{key}'");
            }
            return list;
        }

        bool Expressions(string key, IEnumerable<string> texts, IReadOnlyList<string> names)
        {
            foreach (var text in texts)
            {
                if (MathExpression.Parse(text, names).Error is { } e)
                {
                    reader.Error(SpecReader.Get(map, key), $"'{text}' in '{key}' cannot be read: {e.Message} (column {e.Column}).");
                    return false;
                }
            }
            return true;
        }

        IReadOnlyList<string> all = [.. variables, .. parameters];
        if (Asks.TryGetValue(kind, out var asks))
        {
            var ask = reader.String(map, "ask", false) ?? asks[0];
            if (!asks.Contains(ask))
            {
                reader.Error(SpecReader.Get(map, "ask"), $"'ask: {ask}' is not known for {kind}; use one of {string.Join(", ", asks)}.");
                ok = false;
            }
            spec = spec with { Ask = ask };
        }

        if (SpecReader.Get(map, "at") is { } atNode && kind is not (ProblemSpec.TaylorKind or ProblemSpec.Linearisation))
        {
            if (atNode is not YamlMappingNode point)
            {
                reader.Error(atNode, "'at' is a point, like { x: 1, y: 2 }.");
                return null;
            }
            var at = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in point.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                if (!variables.Contains(name))
                {
                    reader.Error(k, $"'{name}' in 'at' is not one of the variables.");
                    ok = false;
                }
                else if (v is YamlScalarNode { Value: { } text } && Constant(v, text, $"The value of '{name}' in 'at'"))
                {
                    at[name] = text;
                }
                else
                {
                    ok = false;
                }
            }
            foreach (var v in variables.Where(v => !at.ContainsKey(v)))
            {
                reader.Error(point, $"'at' has no value for the variable '{v}'.");
                ok = false;
            }
            spec = spec with { At = at };
        }

        switch (kind)
        {
            case ProblemSpec.JacobianKind:
            {
                var components = reader.StringList(map, "components", true);
                ok &= components.Count > 0 && Expressions("components", components, all);
                spec = spec with { Components = components };
                break;
            }
            case ProblemSpec.Newton:
            case ProblemSpec.GradientDescentKind:
            {
                var start = ConstantList("start", true);
                if (start.Count != variables.Count)
                {
                    reader.Error(SpecReader.Get(map, "start") ?? map, $"'start' needs one value per variable ({variables.Count}).");
                    ok = false;
                }
                var steps = reader.Int(map, "steps", spec.Ask is "iterates" or "point") ?? 0;
                // A student types every iterate, so a sequence stays short; the point after n steps may take many.
                var maxSteps = spec.Ask == "iterates" || kind == ProblemSpec.Newton ? 50 : 10_000;
                if (spec.Ask is "iterates" or "point" && (steps < 1 || steps > maxSteps))
                {
                    reader.Error(SpecReader.Get(map, "steps"), $"'steps' must be between 1 and {maxSteps}.");
                    ok = false;
                }
                var stepSize = kind == ProblemSpec.GradientDescentKind ? reader.String(map, "step_size", true) : null;
                ok &= stepSize is null ? kind == ProblemSpec.Newton : Constant(SpecReader.Get(map, "step_size"), stepSize, "'step_size'");
                if (kind == ProblemSpec.Newton && variables.Count != 1)
                {
                    reader.Error(SpecReader.Get(map, "variables"), "A newton problem has one variable.");
                    ok = false;
                }
                spec = spec with { Start = start, Steps = steps, StepSize = stepSize };
                break;
            }
            case ProblemSpec.LagrangeKind:
            {
                var constraints = reader.StringList(map, "constraints", true);
                ok &= constraints.Count > 0 && Expressions("constraints", constraints.SelectMany(c => c.Split('=')), all);
                spec = spec with { Constraints = constraints };
                break;
            }
            case ProblemSpec.LinearFitKind:
            case ProblemSpec.NonlinearFitKind:
            {
                var fit = reader.StringList(map, "fit", true);
                if (fit.Count == 0 || fit.Any(f => variables.Contains(f) || parameters.Contains(f)))
                {
                    reader.Error(SpecReader.Get(map, "fit") ?? map, "'fit' lists the model's fitted parameters, e.g. [m, c]; they must differ from the variables and parameters.");
                    return null;
                }
                if (variables.Count != 1)
                {
                    reader.Error(SpecReader.Get(map, "variables"), "A fit problem has one variable, the x of the data.");
                    return null;
                }
                ok &= Expressions("function", [reader.String(map, "function", true) ?? ""], [.. all, .. fit]);
                var data = Data(reader, map, constants, all);
                ok &= data is not null;
                var start = kind == ProblemSpec.NonlinearFitKind ? ConstantList("start", true) : [];
                if (kind == ProblemSpec.NonlinearFitKind && start.Count != fit.Count)
                {
                    reader.Error(SpecReader.Get(map, "start") ?? map, $"'start' needs one value per fitted parameter ({fit.Count}).");
                    ok = false;
                }
                spec = spec with { Fit = fit, Data = data, Start = start };
                break;
            }
            case ProblemSpec.BackpropKind:
            {
                var layers = Layers(reader, map, constants);
                var input = ConstantList("input", true);
                var target = ConstantList("target", true);
                var loss = (reader.String(map, "loss", false) ?? "half_squared_error") switch
                {
                    "half_squared_error" => Loss.HalfSquaredError,
                    "squared_error" => Loss.SquaredError,
                    "cross_entropy" => Loss.CrossEntropy,
                    var other => Bad(other),
                };
                Loss Bad(string other)
                {
                    reader.Error(SpecReader.Get(map, "loss"), $"Unknown loss '{other}': use half_squared_error, squared_error or cross_entropy.");
                    ok = false;
                    return Loss.HalfSquaredError;
                }
                var layer = reader.Int(map, "layer", false) ?? 1;
                if (layers is null || layer < 1 || layer > layers.Count)
                {
                    reader.Error(SpecReader.Get(map, "layer") ?? map, "'layer' must name one of the network's layers (1 is the first).");
                    ok = false;
                }
                spec = spec with { Layers = layers ?? [], Input = input, Target = target, Loss = loss, Layer = layer };
                break;
            }
        }

        if (SpecReader.Get(map, "tolerance") is { } tolNode)
        {
            if (tolNode is YamlMappingNode tol)
            {
                spec = spec with
                {
                    AbsoluteTolerance = PositiveNumber(reader, tol, "absolute"),
                    RelativeTolerance = PositiveNumber(reader, tol, "relative"),
                };
            }
            else
            {
                reader.Error(tolNode, "'tolerance' is { absolute: 1e-6, relative: 1e-4 }.");
                ok = false;
            }
        }

        var conditions = reader.StringList(map, "conditions", false);
        foreach (var c in conditions)
        {
            if (!Conditions.Named.Contains(c) && !Conditions.TryParse(c, constants, out _))
            {
                reader.Error(SpecReader.Get(map, "conditions"),
                    $"Condition '{c}' is neither a comparison of parameter expressions (a > 0, b^2 - 4*a*c != 0) nor one of {string.Join(", ", Conditions.Named)}.");
                ok = false;
            }
        }
        spec = spec with { Conditions = conditions };
        return ok ? spec : null;
    }

    private static double? PositiveNumber(SpecReader reader, YamlMappingNode map, string key)
    {
        var text = reader.String(map, key, false);
        if (text is null)
        {
            return null;
        }
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v))
        {
            return v;
        }
        reader.Error(SpecReader.Get(map, key), $"'{key}' must be a non-negative number.");
        return null;
    }

    private static DataSpec? Data(SpecReader reader, YamlMappingNode map, IReadOnlyList<string> constants, IReadOnlyList<string> all)
    {
        if (SpecReader.Get(map, "data") is not YamlMappingNode data)
        {
            reader.Error(SpecReader.Get(map, "data") ?? map, "'data' is { x: [...], y: [...], sigma: [...] } or { x: [...], model: \"...\", noise: 0.1, sigma: 0.1 }.");
            return null;
        }
        var x = reader.StringList(data, "x", true);
        var y = SpecReader.Get(data, "y") is null ? null : reader.StringList(data, "y", true);
        var model = reader.String(data, "model", y is null);
        var noise = reader.String(data, "noise", false);
        var sigma = SpecReader.Get(data, "sigma") is YamlScalarNode ? [reader.String(data, "sigma", true) ?? ""] : reader.StringList(data, "sigma", true);
        var ok = x.Count >= 2 && (sigma.Count == 1 || sigma.Count == x.Count) && (y is null || y.Count == x.Count);
        if (!ok)
        {
            reader.Error(data, "'data' needs at least two x values, as many y values, and one sigma or one per point.");
            return null;
        }
        foreach (var text in x.Concat(y ?? []).Concat(sigma).Concat(noise is null ? [] : [noise]))
        {
            if (MathExpression.Parse(text, constants).Error is { } e)
            {
                reader.Error(data, $"'{text}' in 'data' must be a constant expression: {e.Message}");
                return null;
            }
        }
        if (model is not null && MathExpression.Parse(model, all).Error is { } me)
        {
            reader.Error(SpecReader.Get(data, "model"), $"The data model cannot be read: {me.Message} (column {me.Column}).");
            return null;
        }
        return new DataSpec(x, y, model, noise, sigma);
    }

    private static List<LayerSpec>? Layers(SpecReader reader, YamlMappingNode map, IReadOnlyList<string> constants)
    {
        if (SpecReader.Get(map, "layers") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            reader.Error(SpecReader.Get(map, "layers") ?? map, "'layers' is a list of { weights: [[...]], biases: [...], activation: sigmoid }.");
            return null;
        }
        var layers = new List<LayerSpec>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode layer || SpecReader.Get(layer, "weights") is not YamlSequenceNode rows)
            {
                reader.Error(item, "A layer is { weights: [[...]], biases: [...], activation: sigmoid }.");
                return null;
            }
            var weights = new List<IReadOnlyList<string>>();
            foreach (var row in rows.Children)
            {
                if (row is not YamlSequenceNode cells || cells.Children.Any(c => c is not YamlScalarNode { Value: not null }))
                {
                    reader.Error(row, "Each row of 'weights' is a list of numbers.");
                    return null;
                }
                weights.Add([.. cells.Children.Select(c => ((YamlScalarNode)c).Value!)]);
            }
            var biases = reader.StringList(layer, "biases", true);
            var activationText = reader.String(layer, "activation", false) ?? "sigmoid";
            if (!Enum.TryParse<Activation>(activationText, ignoreCase: true, out var activation) || !Enum.IsDefined(activation) || activationText.Any(char.IsDigit))
            {
                reader.Error(SpecReader.Get(layer, "activation"), $"Unknown activation '{activationText}': use sigmoid, tanh, relu or linear.");
                return null;
            }
            foreach (var text in weights.SelectMany(r => r).Concat(biases))
            {
                if (MathExpression.Parse(text, constants).Error is { } e)
                {
                    reader.Error(item, $"'{text}' in a layer must be a constant expression: {e.Message}");
                    return null;
                }
            }
            layers.Add(new LayerSpec(weights, biases, activation));
        }
        return layers;
    }
}

// Conditions that reject an ill-posed variant: comparisons of parameter expressions, or named
// checks on the variant's reference computation.
internal static class Conditions
{
    public const string HessianNonsingular = "hessian_nonsingular";
    public const string RootNearStart = "root_near_start";
    public const string ConstraintFeasible = "constraint_feasible";

    public static readonly IReadOnlySet<string> Named = new HashSet<string>(StringComparer.Ordinal) { HessianNonsingular, RootNearStart, ConstraintFeasible };

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

internal static class LayerBuilder
{
    public static DenseLayer Build(LayerSpec spec, Func<string, double> value) => new(
        [.. spec.Weights.Select(r => r.Select(value).ToImmutableArray())],
        [.. spec.Biases.Select(value)],
        spec.Activation);
}
