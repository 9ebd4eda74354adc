using System.Collections.Immutable;

namespace GraderHub.Grading.Solvers;

public enum Activation
{
    Sigmoid,
    Tanh,
    Relu,
    Linear,

    // softmax(z)_i = exp(z_i) / sum_j exp(z_j): a whole layer's outputs sum to 1 (a classifier's output).
    Softmax,
}

public enum Loss
{
    // L = 1/2 sum (yhat - y)^2, the course's usual choice: the 1/2 cancels in the derivative.
    HalfSquaredError,

    // L = sum (yhat - y)^2.
    SquaredError,

    // L = -sum (y ln yhat + (1 - y) ln(1 - yhat)); outputs must lie strictly between 0 and 1.
    CrossEntropy,

    // L = -sum y ln yhat, for a one-hot (or probability) target and a softmax output.
    CategoricalCrossEntropy,

    // L = 1/n sum (yhat - y)^2 over the n outputs.
    MeanSquaredError,
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
            activations.Add(Apply(layer.Activation, z));
        }

        var yhat = activations[^1];
        var y = target.ToArray();
        if (loss == Loss.CrossEntropy && yhat.Any(v => !(v > 0 && v < 1)))
        {
            return Solver.Fail<BackpropResult>(SolverFailureKind.InvalidInput, "cross-entropy needs outputs strictly between 0 and 1 (a sigmoid output layer)");
        }

        if (loss == Loss.CategoricalCrossEntropy && yhat.Any(v => !(v > 0)))
        {
            return Solver.Fail<BackpropResult>(SolverFailureKind.InvalidInput, "categorical cross-entropy needs positive outputs (a softmax output layer)");
        }

        var value = LossValue(loss, yhat, y);
        // delta = dL/dz of the current layer, walked from the output back to the input.
        var delta = LossDerivative(loss, yhat, y);
        var gradients = new LayerGradient[layers.Count];
        for (var l = layers.Count - 1; l >= 0; l--)
        {
            var layer = layers[l];
            delta = Backward(layer.Activation, preActivations[l], activations[l + 1], delta);

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

    // A layer's outputs from its pre-activations z. Softmax subtracts max z first, so large
    // logits do not overflow.
    public static double[] Apply(Activation activation, double[] z) => activation switch
    {
        Activation.Sigmoid => [.. z.Select(v => 1 / (1 + Math.Exp(-v)))],
        Activation.Tanh => [.. z.Select(Math.Tanh)],
        Activation.Relu => [.. z.Select(v => Math.Max(0, v))],
        Activation.Linear => [.. z],
        Activation.Softmax => Softmax(z),
    };

    private static double[] Softmax(double[] z)
    {
        var top = z.Max();
        var exp = z.Select(v => Math.Exp(v - top)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(v => v / sum)];
    }

    // dL/dz from dL/da through a = activation(z). Element-wise activations multiply by their
    // derivative (relu'(0) is taken as 0, the convention of the frameworks the course points to);
    // softmax couples its outputs: dL/dz_i = a_i (dL/da_i - sum_j a_j dL/da_j).
    private static double[] Backward(Activation activation, double[] z, double[] a, double[] delta) => activation switch
    {
        Activation.Sigmoid => [.. delta.Select((d, i) => d * a[i] * (1 - a[i]))],
        Activation.Tanh => [.. delta.Select((d, i) => d * (1 - (a[i] * a[i])))],
        Activation.Relu => [.. delta.Select((d, i) => z[i] > 0 ? d : 0)],
        Activation.Linear => [.. delta],
        Activation.Softmax => SoftmaxBackward(a, delta),
    };

    private static double[] SoftmaxBackward(double[] a, double[] delta)
    {
        var weighted = a.Zip(delta, (ai, di) => ai * di).Sum();
        return [.. a.Select((ai, i) => ai * (delta[i] - weighted))];
    }

    private static double LossValue(Loss loss, double[] yhat, double[] y) => loss switch
    {
        Loss.HalfSquaredError => 0.5 * yhat.Zip(y, (p, t) => (p - t) * (p - t)).Sum(),
        Loss.SquaredError => yhat.Zip(y, (p, t) => (p - t) * (p - t)).Sum(),
        Loss.CrossEntropy => -yhat.Zip(y, (p, t) => (t * Math.Log(p)) + ((1 - t) * Math.Log(1 - p))).Sum(),
        Loss.CategoricalCrossEntropy => -yhat.Zip(y, (p, t) => t == 0 ? 0 : t * Math.Log(p)).Sum(),
        Loss.MeanSquaredError => yhat.Zip(y, (p, t) => (p - t) * (p - t)).Sum() / yhat.Length,
    };

    private static double[] LossDerivative(Loss loss, double[] yhat, double[] y) => loss switch
    {
        Loss.HalfSquaredError => yhat.Zip(y, (p, t) => p - t).ToArray(),
        Loss.SquaredError => yhat.Zip(y, (p, t) => 2 * (p - t)).ToArray(),
        Loss.CrossEntropy => yhat.Zip(y, (p, t) => (p - t) / (p * (1 - p))).ToArray(),
        Loss.CategoricalCrossEntropy => yhat.Zip(y, (p, t) => t == 0 ? 0 : -t / p).ToArray(),
        Loss.MeanSquaredError => yhat.Zip(y, (p, t) => 2 * (p - t) / yhat.Length).ToArray(),
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
            return $"the target has {Feedback.Wording.Count(target.Count, "entry", "entries")} but the network has {Feedback.Wording.Count(width, "output")}";
        }

        var numbers = layers.SelectMany(l => l.Weights.SelectMany(r => r).Concat(l.Biases)).Concat(input).Concat(target);
        return numbers.All(double.IsFinite) ? null : "weights, biases, input and target must be finite";
    }
}
