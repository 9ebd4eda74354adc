using System.Collections.Immutable;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Solvers;

public class BackpropagationTests
{
    public static TheoryData<Activation, Activation, Loss, int> Networks()
    {
        var data = new TheoryData<Activation, Activation, Loss, int>();
        var seed = 1;
        foreach (var hidden in Enum.GetValues<Activation>())
        {
            foreach (var loss in Enum.GetValues<Loss>())
            {
                // Cross-entropy needs an output in (0, 1), categorical cross-entropy positive outputs;
                // every loss also meets a softmax output.
                data.Add(hidden, loss switch
                {
                    Loss.CrossEntropy => Activation.Sigmoid,
                    Loss.CategoricalCrossEntropy => Activation.Softmax,
                    Loss.HalfSquaredError or Loss.SquaredError or Loss.MeanSquaredError => Activation.Tanh,
                }, loss, seed++);
                data.Add(hidden, loss switch
                {
                    Loss.CrossEntropy or Loss.CategoricalCrossEntropy => Activation.Sigmoid,
                    Loss.HalfSquaredError or Loss.SquaredError or Loss.MeanSquaredError => Activation.Linear,
                }, loss, seed++);
                data.Add(hidden, Activation.Softmax, loss, seed++);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Run_EveryActivationAndLoss_MatchesFiniteDifferenceGradient(Activation hidden, Activation output, Loss loss, int seed)
    {
        var random = new Random(seed);
        var layers = new[] { RandomLayer(random, 3, 4, hidden), RandomLayer(random, 4, 2, output) };
        double[] input = [0.5, -1.2, 0.8];
        double[] target = [0.3, 0.9];

        var result = Backpropagation.Run(layers, input, target, loss).Expect();

        for (var l = 0; l < layers.Length; l++)
        {
            for (var i = 0; i < layers[l].Outputs; i++)
            {
                for (var j = 0; j <= layers[l].Inputs; j++)
                {
                    // j == Inputs stands for the bias of neuron i.
                    var (li, ii, jj) = (l, i, j);
                    Func<double, double> lossAt = v => LossWith(layers, li, ii, jj, v, input, target, loss);
                    var p = Parameter(layers[l], i, j);
                    // Ridders' large first step can cross a relu kink; a plain small central
                    // difference stays on one linear piece.
                    var (numeric, tolerance) = hidden == Activation.Relu
                        ? ((lossAt(p + 1e-6) - lossAt(p - 1e-6)) / 2e-6, 1e-7)
                        : (FiniteDifferences.Gradient(v => lossAt(v[0]), [p])[0], 1e-8);
                    var exact = j < layers[l].Inputs ? result.Gradients[l].Weights[i][j] : result.Gradients[l].Biases[i];
                    Assert.True(Math.Abs(numeric - exact) <= tolerance * Math.Max(1, Math.Abs(exact)), $"layer {l + 1} [{i},{j}]: backprop {exact:R}, finite differences {numeric:R}");
                }
            }
        }
    }

    [Fact]
    public void Run_SingleLinearNeuron_GivesTheHandDerivedGradient()
    {
        // yhat = w x + b, L = (yhat - y)^2: dL/dw = 2 (yhat - y) x, dL/db = 2 (yhat - y).
        var layer = new DenseLayer([[2.0]], [1.0], Activation.Linear);

        var result = Backpropagation.Run([layer], [3.0], [4.0], Loss.SquaredError).Expect();

        Assert.Equal(7, result.Output[0]);
        Assert.Equal(9, result.Loss);
        Assert.Equal(18, result.Gradients[0].Weights[0][0]);
        Assert.Equal(6, result.Gradients[0].Biases[0]);
    }

    [Fact]
    public void Run_WrongWeightShape_IsInvalidInput()
    {
        var layer = new DenseLayer([[1.0, 2.0]], [0.0], Activation.Sigmoid);

        var result = Backpropagation.Run([layer], [1.0, 2.0, 3.0], [1.0], Loss.HalfSquaredError);

        Assert.Equal(SolverFailureKind.InvalidInput, result.Failure?.Kind);
        Assert.Contains("3 columns", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CrossEntropyOnUnboundedOutput_IsInvalidInput()
    {
        var layer = new DenseLayer([[1.0]], [0.0], Activation.Linear);

        var result = Backpropagation.Run([layer], [2.0], [1.0], Loss.CrossEntropy);

        Assert.Equal(SolverFailureKind.InvalidInput, result.Failure?.Kind);
    }

    private static DenseLayer RandomLayer(Random random, int inputs, int outputs, Activation activation) => new(
        [.. Enumerable.Range(0, outputs).Select(_ => Enumerable.Range(0, inputs).Select(_ => (random.NextDouble() * 2) - 1).ToImmutableArray())],
        [.. Enumerable.Range(0, outputs).Select(_ => random.NextDouble() - 0.5)],
        activation);

    private static double Parameter(DenseLayer layer, int i, int j) => j < layer.Inputs ? layer.Weights[i][j] : layer.Biases[i];

    private static double LossWith(DenseLayer[] layers, int l, int i, int j, double value, double[] input, double[] target, Loss loss)
    {
        var changed = (DenseLayer[])layers.Clone();
        var layer = layers[l];
        changed[l] = j < layer.Inputs
            ? layer with { Weights = layer.Weights.SetItem(i, layer.Weights[i].SetItem(j, value)) }
            : layer with { Biases = layer.Biases.SetItem(i, value) };
        var result = Backpropagation.Run(changed, input, target, loss);
        return result.Succeeded ? result.Value.Loss : double.NaN;
    }
}
