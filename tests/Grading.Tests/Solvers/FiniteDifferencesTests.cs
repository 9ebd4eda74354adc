using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Solvers;

public class FiniteDifferencesTests
{
    [Theory]
    [InlineData(0.3, -1.1)]
    [InlineData(2.0, 0.5)]
    [InlineData(-4.0, 10.0)]
    public void Gradient_ExpTimesSin_MatchesTheAnalyticGradient(double x, double y)
    {
        var g = FiniteDifferences.Gradient(v => Math.Exp(v[0]) * Math.Sin(v[1]), [x, y]);

        AssertClose(Math.Exp(x) * Math.Sin(y), g[0]);
        AssertClose(Math.Exp(x) * Math.Cos(y), g[1]);
    }

    [Fact]
    public void Jacobian_PolarToCartesian_MatchesTheAnalyticJacobian()
    {
        var j = FiniteDifferences.Jacobian(v => [v[0] * Math.Cos(v[1]), v[0] * Math.Sin(v[1])], [2.0, 0.7]);

        AssertClose(Math.Cos(0.7), j[0, 0]);
        AssertClose(-2 * Math.Sin(0.7), j[0, 1]);
        AssertClose(Math.Sin(0.7), j[1, 0]);
        AssertClose(2 * Math.Cos(0.7), j[1, 1]);
    }

    [Fact]
    public void Gradient_NearTheEdgeOfTheDomain_ShrinksTheStepInstead()
    {
        // The first trial step 0.1 would take log below zero.
        var g = FiniteDifferences.Gradient(v => Math.Log(v[0]), [0.01]);

        AssertClose(100, g[0]);
    }

    [Fact]
    public void Hessian_FromValues_MatchesTheAnalyticHessian()
    {
        // f = x^2 y + sin(x y): H = [[2y - y^2 s, 2x + c - x y s], [., -x^2 s]] with s = sin(xy), c = cos(xy).
        var (x, y) = (0.4, 1.3);
        var h = FiniteDifferences.Hessian(v => (v[0] * v[0] * v[1]) + Math.Sin(v[0] * v[1]), [x, y]);

        var (s, c) = (Math.Sin(x * y), Math.Cos(x * y));
        Assert.Equal((2 * y) - (y * y * s), h[0, 0], 7);
        Assert.Equal((2 * x) + c - (x * y * s), h[0, 1], 7);
        Assert.Equal(h[0, 1], h[1, 0]);
        Assert.Equal(-x * x * s, h[1, 1], 7);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
