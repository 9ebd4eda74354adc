using System.Collections.Immutable;

namespace GraderHub.Grading.Solvers;

public enum Activation
{
    Sigmoid,
    Tanh,
    Relu,
    Linear,
}

public enum Loss
{
    // L = 1/2 sum (yhat - y)^2, the course's usual choice: the 1/2 cancels in the derivative.
    HalfSquaredError,

    // L = sum (yhat - y)^2.
    SquaredError,

    // L = -sum (y ln yhat + (1 - y) ln(1 - yhat)); outputs must lie strictly between 0 and 1.
    CrossEntropy,
}

// a_out = activation(W a_in + b); Weights has one row per output neuron.
public sealed record DenseLayer(
    ImmutableArray<ImmutableArray<double>> Weights,
    ImmutableArray<double> Biases,
    Activation Activation)
{
    public int Inputs => Weights.IsEmpty ? 0 : Weights[0].Length;

    public int Outputs => Weights.Length;
}

public sealed record LayerGradient(ImmutableArray<ImmutableArray<double>> Weights, ImmutableArray<double> Biases);

// Activations[0] is the input, Activations[^1] the output yhat.
public sealed record BackpropResult(
    ImmutableArray<ImmutableArray<double>> Activations,
    double Loss,
    ImmutableArray<LayerGradient> Gradients)
{
    public ImmutableArray<double> Output => Activations[^1];
}

public static class Backpropagation
{
    public static SolverResult<BackpropResult> Run(
        IReadOnlyList<DenseLayer> layers, IReadOnlyList<double> input, IReadOnlyList<double> target, Loss loss)
    {
        if ((Enum.IsDefined(loss) ? Validate(layers, input, target) : "unknown loss") is { } invalid)
        {
            return Solver.Fail<BackpropResult>(SolverFailureKind.InvalidInput, invalid);
        }

        // Forward pass, keeping pre-activations z and activations a of every layer.
        var activations = new List<double[]> { input.ToArray() };
        var preActivations = new List<double[]>();
        foreach (var layer in layers)
        {
            var a = activations[^1];
            var z = new double[layer.Outputs];
            for (var i = 0; i < z.Length; i++)
            {
                z[i] = layer.Biases[i];
                for (var j = 0; j < a.Length; j++)
                {
                    z[i] += layer.Weights[i][j] * a[j];
                }
            }

            preActivations.Add(z);
            activations.Add(z.Select(v => Apply(layer.Activation, v)).ToArray());
        }

        var yhat = activations[^1];
        var y = target.ToArray();
        if (loss == Loss.CrossEntropy && yhat.Any(v => !(v > 0 && v < 1)))
        {
            return Solver.Fail<BackpropResult>(SolverFailureKind.InvalidInput, "cross-entropy needs outputs strictly between 0 and 1 (a sigmoid output layer)");
        }

        var value = LossValue(loss, yhat, y);
        // delta = dL/dz of the current layer, walked from the output back to the input.
        var delta = LossDerivative(loss, yhat, y);
        var gradients = new LayerGradient[layers.Count];
        for (var l = layers.Count - 1; l >= 0; l--)
        {
            var layer = layers[l];
            var z = preActivations[l];
            for (var i = 0; i < delta.Length; i++)
            {
                delta[i] *= Derivative(layer.Activation, z[i], activations[l + 1][i]);
            }

            var a = activations[l];
            var dw = new double[layer.Outputs, layer.Inputs];
            for (var i = 0; i < layer.Outputs; i++)
            {
                for (var j = 0; j < layer.Inputs; j++)
                {
                    dw[i, j] = delta[i] * a[j];
                }
            }

            gradients[l] = new LayerGradient(Vectors.Freeze(dw), Vectors.Freeze(delta));
            var previous = new double[layer.Inputs];
            for (var j = 0; j < layer.Inputs; j++)
            {
                for (var i = 0; i < layer.Outputs; i++)
                {
                    previous[j] += layer.Weights[i][j] * delta[i];
                }
            }

            delta = previous;
        }

        var all = gradients.SelectMany(g => g.Weights.SelectMany(r => r).Concat(g.Biases)).Append(value);
        if (!all.All(double.IsFinite))
        {
            return Solver.Fail<BackpropResult>(SolverFailureKind.NonFinite, "the loss or a gradient is not finite");
        }

        return Solver.Ok(new BackpropResult(
            activations.Select(Vectors.Freeze).ToImmutableArray(), value, [.. gradients]));
    }

    public static double Apply(Activation activation, double z) => activation switch
    {
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Tanh => Math.Tanh(z),
        Activation.Relu => Math.Max(0, z),
        Activation.Linear => z,
    };

    // In terms of z and a = activation(z); relu'(0) is taken as 0, the convention of the
    // frameworks the course points to.
    private static double Derivative(Activation activation, double z, double a) => activation switch
    {
        Activation.Sigmoid => a * (1 - a),
        Activation.Tanh => 1 - (a * a),
        Activation.Relu => z > 0 ? 1 : 0,
        Activation.Linear => 1,
    };

    private static double LossValue(Loss loss, double[] yhat, double[] y) => loss switch
    {
        Loss.HalfSquaredError => 0.5 * yhat.Zip(y, (p, t) => (p - t) * (p - t)).Sum(),
        Loss.SquaredError => yhat.Zip(y, (p, t) => (p - t) * (p - t)).Sum(),
        Loss.CrossEntropy => -yhat.Zip(y, (p, t) => (t * Math.Log(p)) + ((1 - t) * Math.Log(1 - p))).Sum(),
    };

    private static double[] LossDerivative(Loss loss, double[] yhat, double[] y) => loss switch
    {
        Loss.HalfSquaredError => yhat.Zip(y, (p, t) => p - t).ToArray(),
        Loss.SquaredError => yhat.Zip(y, (p, t) => 2 * (p - t)).ToArray(),
        Loss.CrossEntropy => yhat.Zip(y, (p, t) => (p - t) / (p * (1 - p))).ToArray(),
    };

    private static string? Validate(IReadOnlyList<DenseLayer> layers, IReadOnlyList<double> input, IReadOnlyList<double> target)
    {
        if (layers.Count == 0)
        {
            return "the network has no layers";
        }

        var width = input.Count;
        for (var l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            if (layer.Outputs == 0 || layer.Biases.Length != layer.Outputs || layer.Weights.Any(r => r.Length != width))
            {
                return $"layer {l + 1}: expected a weight matrix with {width} columns and one bias per row";
            }

            if (!Enum.IsDefined(layer.Activation))
            {
                return $"layer {l + 1}: unknown activation";
            }

            width = layer.Outputs;
        }

        if (target.Count != width)
        {
            return $"the target has {target.Count} entries but the network has {width} outputs";
        }

        var numbers = layers.SelectMany(l => l.Weights.SelectMany(r => r).Concat(l.Biases)).Concat(input).Concat(target);
        return numbers.All(double.IsFinite) ? null : "weights, biases, input and target must be finite";
    }
}
