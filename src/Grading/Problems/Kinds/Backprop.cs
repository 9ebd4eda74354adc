using System.Collections.Immutable;
using System.Globalization;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;
using YamlDotNet.RepresentationModel;

namespace GraderHub.Grading.Problems.Kinds;

internal enum BackpropAsk { Weights, Biases }

internal sealed record LayerSpec(IReadOnlyList<IReadOnlyList<string>> Weights, IReadOnlyList<string> Biases, Activation Activation);

// The gradient of the loss with respect to one layer's weights (a matrix) or biases (a vector),
// for a small network with the given weights, input and target, by back-propagation.
internal sealed class Backprop : ProblemKind
{
    public override string Name => "backprop";

    public override IReadOnlyList<string> Keys => ["layers", "input", "target", "loss", "layer", "ask"];

    public override FunctionRole Function => FunctionRole.None;

    public override KindSpec? Read(KindReader reader)
    {
        var ask = reader.Ask(Name, ("weights", BackpropAsk.Weights), ("biases", BackpropAsk.Biases));
        var layers = Layers(reader);
        var input = reader.ConstantList("input", true);
        var target = reader.ConstantList("target", true);
        var loss = reader.Choice("loss", Name, ("half_squared_error", Loss.HalfSquaredError), ("squared_error", Loss.SquaredError),
            ("mean_squared_error", Loss.MeanSquaredError), ("cross_entropy", Loss.CrossEntropy), ("categorical_cross_entropy", Loss.CategoricalCrossEntropy));
        var layer = reader.Int("layer", false) ?? 1;
        if (layers is null || layer < 1 || layer > layers.Count)
        {
            reader.Error(reader.Get("layer") ?? reader.Map, "'layer' must name one of the network's layers (1 is the first).");
        }
        return reader.Ok && layers is not null ? new BackpropSpec(layers, input, target, loss, layer, ask) : null;
    }

    private static List<LayerSpec>? Layers(KindReader reader)
    {
        if (reader.Get("layers") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            reader.Error(reader.Get("layers") ?? reader.Map, "'layers' is a list of { weights: [[...]], biases: [...], activation: sigmoid }.");
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
            var biases = reader.Spec.StringList(layer, "biases", true);
            var activationText = reader.Spec.String(layer, "activation", false) ?? "sigmoid";
            if (!Enum.TryParse<Activation>(activationText, ignoreCase: true, out var activation) || !Enum.IsDefined(activation) || activationText.Any(char.IsDigit))
            {
                reader.Error(SpecReader.Get(layer, "activation"), $"Unknown activation '{activationText}': use sigmoid, tanh, relu, linear or softmax.");
                return null;
            }
            foreach (var text in weights.SelectMany(r => r).Concat(biases))
            {
                if (MathExpression.Parse(text, reader.Parameters).Error is { } e)
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

internal sealed record BackpropSpec(IReadOnlyList<LayerSpec> Layers, IReadOnlyList<string> Input, IReadOnlyList<string> Target, Loss Loss, int Layer, BackpropAsk Ask) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        var layers = Layers.Select(l => new DenseLayer(
            [.. l.Weights.Select(r => r.Select(variant.Number).ToImmutableArray())],
            [.. l.Biases.Select(variant.Number)],
            l.Activation)).ToList();
        var input = Input.Select(variant.Number).ToList();
        var target = Target.Select(variant.Number).ToList();
        variant.Placeholders["input"] = VariantBuilder.Column(input);
        variant.Placeholders["target"] = VariantBuilder.Column(target);
        for (var i = 0; i < layers.Count; i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            variant.Placeholders["W" + n] = @"\begin{pmatrix} " + string.Join(@" \\ ", layers[i].Weights.Select(r => string.Join(" & ", r.Select(VariantBuilder.Show)))) + @" \end{pmatrix}";
            variant.Placeholders["b" + n] = VariantBuilder.Column(layers[i].Biases);
        }
        var weights = Ask switch
        {
            BackpropAsk.Weights => true,
            BackpropAsk.Biases => false,
        };
        var layer = Layer.ToString(CultureInfo.InvariantCulture);
        return VariantBuilder.From(SolverAnswers.BackpropGradient(layers, input, target, Loss, Layer - 1, weights, variant.Numeric),
            weights ? $"∂L/∂W{layer} =" : $"∂L/∂b{layer} =");
    }
}
