using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Solvers;

public class LinearLeastSquaresTests
{
    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 15)]
    [InlineData(3, 40)]
    [InlineData(4, 5)]
    public void FitLine_RandomData_AgreesWithTheNormalEquationFormulas(int seed, int n)
    {
        var (x, y, sigma) = Data(seed, n, offset: seed * 100);

        // The textbook sums: S = sum 1/s^2, Sx = sum x/s^2, ..., D = S Sxx - Sx^2.
        double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var w = 1 / (sigma[i] * sigma[i]);
            s += w;
            sx += w * x[i];
            sy += w * y[i];
            sxx += w * x[i] * x[i];
            sxy += w * x[i] * y[i];
        }

        var d = (s * sxx) - (sx * sx);
        var m = ((s * sxy) - (sx * sy)) / d;
        var c = ((sxx * sy) - (sx * sxy)) / d;
        var chi2 = x.Select((xi, i) => Math.Pow((y[i] - (m * xi) - c) / sigma[i], 2)).Sum();

        var fit = LinearLeastSquares.FitLine(x, y, sigma).Expect();

        AssertRelative(m, fit.Slope, 1e-9);
        AssertRelative(c, fit.Intercept, 1e-9);
        AssertRelative(Math.Sqrt(s / d), fit.SlopeError, 1e-9);
        AssertRelative(Math.Sqrt(sxx / d), fit.InterceptError, 1e-9);
        AssertRelative(-sx / d, fit.Covariance, 1e-9);
        AssertRelative(chi2, fit.ChiSquared, 1e-8);
        Assert.Equal(n - 2, fit.DegreesOfFreedom);
        AssertRelative(chi2 / (n - 2), fit.ReducedChiSquared!.Value, 1e-8);
    }

    [Fact]
    public void Fit_ExactCubic_RecoversItsCoefficientsWithZeroChiSquared()
    {
        double[] x = [-2, -1, -0.5, 0, 0.5, 1, 2, 3];
        var y = x.Select(t => 1 - (2 * t) + (0.5 * t * t * t)).ToArray();

        var fit = LinearLeastSquares.Fit(x, y, [.. x.Select(_ => 0.1)], [_ => 1, t => t, t => t * t, t => t * t * t]).Expect();

        Assert.Equal([1, -2, 0, 0.5], fit.Parameters.Select(p => Math.Round(p, 10) + 0.0));
        Assert.True(fit.ChiSquared < 1e-20);
    }

    [Fact]
    public void FitLine_TwoPoints_HasNoReducedChiSquared()
    {
        var fit = LinearLeastSquares.FitLine([0.0, 1.0], [1.0, 3.0], [1.0, 1.0]).Expect();

        Assert.Equal(2, fit.Slope, 12);
        Assert.Equal(0, fit.DegreesOfFreedom);
        Assert.Null(fit.ReducedChiSquared);
    }

    [Fact]
    public void FitLine_AllXEqual_IsSingular()
    {
        var result = LinearLeastSquares.FitLine([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], [1.0, 1.0, 1.0]);

        Assert.Equal(SolverFailureKind.Singular, result.Failure?.Kind);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void FitLine_BadSigma_IsInvalidInput(double badSigma)
    {
        var result = LinearLeastSquares.FitLine([0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [1.0, badSigma, 1.0]);

        Assert.Equal(SolverFailureKind.InvalidInput, result.Failure?.Kind);
    }

    [Fact]
    public void FitLine_LargeOffsetInX_StaysAccurate()
    {
        // x near 10^6: the normal equations lose ~12 digits here, the SVD of the design does not.
        var x = Enumerable.Range(0, 10).Select(i => 1e6 + i).ToArray();
        var y = x.Select(t => (0.5 * (t - 1e6)) + 3).ToArray();

        var fit = LinearLeastSquares.FitLine(x, y, [.. x.Select(_ => 1.0)]).Expect();

        Assert.Equal(0.5, fit.Slope, 8);
        Assert.Equal(3 - 5e5, fit.Intercept, 3);
    }

    internal static (double[] X, double[] Y, double[] Sigma) Data(int seed, int n, double offset)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, n).Select(i => offset + i + random.NextDouble()).ToArray();
        var sigma = x.Select(_ => 0.2 + random.NextDouble()).ToArray();
        var y = x.Select((t, i) => (1.7 * t) - 4 + (sigma[i] * (random.NextDouble() - 0.5))).ToArray();
        return (x, y, sigma);
    }

    internal static void AssertRelative(double expected, double actual, double rel) =>
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
