using GraderHub.Grading.Solvers;
using static GraderHub.Grading.Tests.Solvers.LinearLeastSquaresTests;

namespace GraderHub.Grading.Tests.Solvers;

public class NonlinearLeastSquaresTests
{
    // A Gaussian peak A exp(-(x - mu)^2 / (2 s^2)) + b, a typical week-6 model.
    private static readonly NonlinearModel Gaussian = new(
        (x, p) => (p[0] * Math.Exp(-Math.Pow(x - p[1], 2) / (2 * p[2] * p[2]))) + p[3],
        (x, p) =>
        {
            var e = Math.Exp(-Math.Pow(x - p[1], 2) / (2 * p[2] * p[2]));
            return [e, p[0] * e * (x - p[1]) / (p[2] * p[2]), p[0] * e * Math.Pow(x - p[1], 2) / Math.Pow(p[2], 3), 1];
        });

    private static readonly double[] TruePeak = [5, 1.5, 0.8, 0.3];

    [Fact]
    public void Fit_NoiseFreeGaussian_RecoversTheGeneratingParameters()
    {
        var x = Enumerable.Range(0, 30).Select(i => -2 + (0.2 * i)).ToArray();
        var y = x.Select(t => Gaussian.Model(t, TruePeak)).ToArray();

        var fit = NonlinearLeastSquares.Fit(Gaussian, x, y, [.. x.Select(_ => 0.1)], [4, 1, 1, 0]).Expect();

        for (var j = 0; j < TruePeak.Length; j++)
        {
            Assert.Equal(TruePeak[j], fit.Parameters[j], 8);
        }

        Assert.True(fit.ChiSquared < 1e-15);
    }

    [Fact]
    public void Fit_NoisyGaussian_IsAStationaryMinimumNearTheTruth()
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, 40).Select(i => -2 + (0.15 * i)).ToArray();
        var sigma = x.Select(_ => 0.1).ToArray();
        var y = x.Select(t => Gaussian.Model(t, TruePeak) + (0.1 * Normal(random))).ToArray();

        var fit = NonlinearLeastSquares.Fit(Gaussian, x, y, sigma, [4, 1, 1, 0]).Expect();

        // Within 5 standard errors of the generating values, and no better point nearby.
        for (var j = 0; j < TruePeak.Length; j++)
        {
            Assert.InRange(fit.Parameters[j], TruePeak[j] - (5 * fit.Errors[j]), TruePeak[j] + (5 * fit.Errors[j]));
        }

        var gradient = FiniteDifferences.Gradient(p => NonlinearLeastSquares.ChiSquared(Gaussian, x, y, sigma, p), fit.Parameters);
        Assert.All(gradient, g => Assert.True(Math.Abs(g) < 1e-5, $"d chi2 / dp = {g}"));
        Assert.True(fit.ChiSquared <= NonlinearLeastSquares.ChiSquared(Gaussian, x, y, sigma, TruePeak));
    }

    [Fact]
    public void Fit_LinearModel_AgreesWithTheLinearSolver()
    {
        // Levenberg-Marquardt on a straight line must land on the SVD solution, errors included.
        var (x, y, sigma) = Data(seed: 3, n: 12, offset: 0);
        var line = new NonlinearModel((t, p) => (p[0] * t) + p[1]);

        var fit = NonlinearLeastSquares.Fit(line, x, y, sigma, [0, 0]).Expect();
        var exact = LinearLeastSquares.FitLine(x, y, sigma).Expect();

        AssertRelative(exact.Slope, fit.Parameters[0], 1e-9);
        AssertRelative(exact.Intercept, fit.Parameters[1], 1e-9);
        AssertRelative(exact.SlopeError, fit.Errors[0], 1e-6);
        AssertRelative(exact.InterceptError, fit.Errors[1], 1e-6);
        AssertRelative(exact.ChiSquared, fit.ChiSquared, 1e-10);
    }

    [Fact]
    public void Accept_OptimumAndNearbyPoints_AcceptedButAFarPointIsNot()
    {
        var (x, y, sigma) = Data(seed: 5, n: 10, offset: 0);
        var line = new NonlinearModel((t, p) => (p[0] * t) + p[1]);
        var fit = NonlinearLeastSquares.Fit(line, x, y, sigma, [1, 1]).Expect();
        var p = fit.Parameters;

        Assert.True(NonlinearLeastSquares.Accept(line, x, y, sigma, fit, p, 0.01, 0).Accepted);
        // Shifting the slope by e in its own direction raises chi2 by e^2 / cov_mm at least.
        Assert.True(NonlinearLeastSquares.Accept(line, x, y, sigma, fit, [p[0] + (0.01 * fit.Errors[0]), p[1]], 0.01, 0).Accepted);
        var far = NonlinearLeastSquares.Accept(line, x, y, sigma, fit, [p[0] + (3 * fit.Errors[0]), p[1]], 0.01, 0);
        Assert.False(far.Accepted);
        Assert.True(far.Excess > 1);
    }

    [Fact]
    public void Fit_ModelUndefinedAtStart_ReportsNonFinite()
    {
        var model = new NonlinearModel((t, p) => Math.Log(p[0]) * t);

        var result = NonlinearLeastSquares.Fit(model, [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 1.0, 1.0], [-1]);

        Assert.Equal(SolverFailureKind.NonFinite, result.Failure?.Kind);
    }

    [Fact]
    public void Fit_ParameterTheDataCannotSee_IsSingular()
    {
        // p1 and p2 enter only as their sum: the curvature matrix is singular at the optimum.
        var model = new NonlinearModel((t, p) => (p[0] + p[1]) * t);

        var result = NonlinearLeastSquares.Fit(model, [1.0, 2.0, 3.0], [1.0, 2.0, 3.1], [1.0, 1.0, 1.0], [0, 0]);

        Assert.Equal(SolverFailureKind.Singular, result.Failure?.Kind);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
