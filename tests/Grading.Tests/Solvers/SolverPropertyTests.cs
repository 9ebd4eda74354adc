using FsCheck.Xunit;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Solvers;

// Laws the solvers must obey whatever the data: seeds drawn by FsCheck, data drawn from the seed.
public class SolverPropertyTests
{
    [Property(MaxTest = 200)]
    public bool FitLine_ScalingEverySigma_KeepsTheFitAndScalesChiSquared(int seed, byte factor)
    {
        var k = 0.5 + (factor / 64.0);
        var (x, y, sigma) = LinearLeastSquaresTests.Data(seed, 6 + (Math.Abs(seed) % 20), offset: seed % 50);
        var a = LinearLeastSquares.FitLine(x, y, sigma).Expect();
        var b = LinearLeastSquares.FitLine(x, y, sigma.Select(s => s * k).ToArray()).Expect();

        return Close(a.Slope, b.Slope) && Close(a.Intercept, b.Intercept)
            && Close(a.ChiSquared / (k * k), b.ChiSquared) && Close(a.SlopeError * k, b.SlopeError);
    }

    [Property(MaxTest = 200)]
    public bool FitLine_IsAMinimumOfChiSquared(int seed)
    {
        var (x, y, sigma) = LinearLeastSquaresTests.Data(seed, 8, offset: 0);
        var fit = LinearLeastSquares.FitLine(x, y, sigma).Expect();
        double Chi2(double m, double c) => x.Select((t, i) => Math.Pow((y[i] - (m * t) - c) / sigma[i], 2)).Sum();

        var h = 1e-3;
        return new[] { (h, 0.0), (-h, 0.0), (0.0, h), (0.0, -h) }.All(d => Chi2(fit.Slope + d.Item1, fit.Intercept + d.Item2) >= fit.ChiSquared);
    }

    [Property(MaxTest = 100)]
    public bool Backprop_ScalingTheLoss_ScalesEveryGradient(int seed)
    {
        // SquaredError is exactly twice HalfSquaredError, so every gradient doubles.
        var random = new Random(seed);
        var layer = new DenseLayer([[random.NextDouble() - 0.5, random.NextDouble()], [random.NextDouble(), -random.NextDouble()]], [0.1, -0.2], Activation.Tanh);
        double[] input = [random.NextDouble(), random.NextDouble()];
        double[] target = [0.5, -0.5];

        var half = Backpropagation.Run([layer], input, target, Loss.HalfSquaredError).Expect();
        var full = Backpropagation.Run([layer], input, target, Loss.SquaredError).Expect();

        return Close(2 * half.Loss, full.Loss)
            && half.Gradients[0].Weights.SelectMany(r => r).Zip(full.Gradients[0].Weights.SelectMany(r => r)).All(p => Close(2 * p.First, p.Second));
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a));
}
